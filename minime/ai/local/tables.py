"""The plain-text tables the local breakdowns read: word lists, verbs, nouns and steps.

Extending: add a verb to ``VERB_TABLE`` (or a phrase to ``PHRASAL_TABLE``) to route it to a
family; add a ``[family] keywords`` block to ``STEP_TABLE`` for objects that need other steps
(blocks are tried in order; ``*`` matches anything, so it comes last). Steps use ``{ref}`` (the
object with "the": "the quarterly report"), ``{obj}`` (as written: "electric cars", "a new
laptop"), ``{core}`` (without an article: "quarterly report"), ``{person}`` ("a gift for Anna"
-> "Anna") and ``{doing}`` ("mowing the lawn"). ``$NAME`` in a keyword list stands for a word
list of ``LEXICON_TABLE``. ``words`` parses these tables once, at import.
"""

from __future__ import annotations

from typing import Final

# Named word lists, used as $NAME in the tables below.
LEXICON_TABLE: Final = """
SPACES: garage, kitchen, room, bedroom, bathroom, closet, wardrobe, cupboard, drawer, desk,
    office, attic, loft, basement, cellar, shed, garden, yard, fridge, freezer, pantry, shelf,
    shelves, bookshelf, house, flat, apartment, home, living room, hallway, balcony, study,
    playroom, porch, patio, car boot, storage, utility room, workshop, toilet
DIGITAL: inbox, email, emails, mail, files, folder, folders, photos, pictures, documents, docs,
    desktop, downloads, drive, dropbox, bookmarks, passwords, notes, phone, laptop, computer,
    calendar, tabs, apps, contacts, playlist, spreadsheet, subscriptions
SOFTWARE: bug, error, crash, issue, test, tests, build, login, page, site, website, app, code,
    script, query, server, deploy, deployment, api, endpoint, pipeline, ci, database, feature,
    ticket, regression, exception, migration, plugin, integration, dashboard, bot, form, tool,
    module, function, css, layout, webhook, cron job, unit test, flaky, debug, refactor
EVENTS: party, dinner party, wedding, celebration, reunion, picnic, barbecue, bbq, event,
    gathering, shower, baby shower, meetup, fundraiser, festival, birthday, anniversary,
    christening, housewarming, leaving do, farewell, get-together
TRIPS: trip, holiday, holidays, vacation, journey, weekend away, getaway, travel, road trip,
    honeymoon, tour, city break, camping
MEETINGS: meeting, workshop, session, offsite, retro, retrospective, standup, 1:1, one-on-one,
    call, conference, kickoff, kick-off, sync, board meeting, agenda
TALKS: presentation, talk, speech, pitch, toast, demo, lecture, keynote, slides, webinar
APPOINTMENTS: dentist, doctor, gp, haircut, hairdresser, barber, appointment, vet, optician,
    physio, check-up, checkup, massage, mot, service, therapist, nurse, clinic, hospital,
    vaccination, vaccine, eye test, smear test, blood test, consultation
ORGANISATIONS: bank, council, insurance, insurer, company, school, office, doctor, dentist, gp,
    hmrc, irs, support, airline, provider, agency, clinic, hospital, shop, store, utility,
    supplier, vendor, accountant, lawyer, solicitor, estate agent, broadband, isp, embassy,
    consulate, university, college, hr, it, helpdesk, pharmacy, energy company, pension
EXAMS: exam, exams, test, quiz, final, finals, midterm, driving test, theory test
MEALS: dinner, lunch, breakfast, meal, meal prep, cake, bread, soup, brunch, cookies, pie,
    dessert, curry, pasta, roast, biscuits, muffins, pancakes, salad
DEVICES: wifi, internet, router, printer, laptop, computer, phone, tv, broadband, connection,
    network, bluetooth, tablet, monitor, speaker, headphones, mouse, keyboard, console, mac, pc,
    iphone, android, ipad, modem, scanner, camera, smart tv
DOCUMENTS: contract, report, thesis, essay, document, documents, docs, draft, pull request, pr,
    merge request, code, proposal, slides, deck, paper, cv, resume, application, spec, design,
    invoice, statement, budget, accounts, article, chapter, copy, translation, manuscript,
    policy, terms, agreement, lease, brief, plan, notes, minutes, changes, diff, submission
"""

# Verbs that open a task, by family. A verb may appear once.
VERB_TABLE: Final = """
write: write draft compose author pen rewrite redraft
plan: plan arrange coordinate host throw
organise: organise organize sort tidy declutter
clean: clean wash scrub vacuum hoover dust mop wipe sweep
fix: fix repair mend debug troubleshoot patch resolve solve
learn: learn study practise practice revise master memorise memorize
buy: buy purchase order grab restock
errand: collect fetch
contact: call phone ring email e-mail message text contact ask tell remind
reply: answer
prepare: prepare prep rehearse
move: move relocate reschedule postpone
build: build make create develop implement code design assemble
research: research investigate explore compare analyse analyze evaluate
find: find hire choose pick select
apply: apply enrol enroll register
book: book reserve schedule rebook
review: review check proofread audit edit assess approve
read: read
admin: pay renew file claim submit settle
cancel: cancel unsubscribe terminate
send: send post mail ship deliver
return: return
pack: pack
cook: cook bake
update: update upgrade migrate
setup: install configure
backup: backup
present: present pitch teach demo
meet: meet visit interview
exercise: exercise swim cycle stretch meditate jog
chore: mow water weed feed walk iron empty rake prune hang
decide: decide
"""

# Verbs of several words; the longest match wins. "do", "get", "sort out" and the like are
# vague: their object decides the family (see VAGUE).
PHRASAL_TABLE: Final = """
sort out: handle | deal with: handle | take care of: handle | do: handle | get: buy
go to: - | go for: exercise | figure out: research | find out: research
look into: research | read up on: learn | look for: find | search for: find | shop for: buy
pick up: errand | clean up: clean | tidy up: organise | clear out: organise | set up: setup
follow up with: contact | follow up on: contact | reach out to: contact
get in touch with: contact | check in with: contact | reply to: reply | respond to: reply
get back to: contact | take out: chore | put away: chore | change the: chore | make the bed: chore
write to: contact | talk to: contact | speak to: contact | speak with: contact
catch up with: meet | get ready for: prepare | prepare for: prepare | study for: learn
revise for: learn | apply for: apply | apply to: apply | sign up for: apply | sign up to: apply
register for: apply | go through: review | take back: return | give back: return
bring back: return | look over: review | back up: backup
write up: write | put together: build | hand in: send | drop off: send | send off: send
make an appointment: book | make appointment: book | work out: exercise | give a talk: present
move house: move | move out: move | move in: move
"""
VAGUE: Final = frozenset(
    {"sort out", "deal with", "take care of", "do", "get", "go to", "go for", "make"}
)

# Titles without a verb, and vague verbs, are routed by their nouns (first match wins).
NOUN_TABLE: Final = """
buy: groceries, grocery, shopping, weekly shop, shopping list, gift, present, presents, gifts
book: $APPOINTMENTS
admin: tax, taxes, tax return, bill, bills, rent, passport, visa, licence, license, renewal
write: report, essay, thesis, article, blog, blog post, newsletter, proposal, cv, resume,
    cover letter, chapter, dissertation, paper, speech, email, letter
plan: $EVENTS, $TRIPS
prepare: interview, $TALKS
learn: exam, exams, revision, homework, lesson, course, lecture
clean: laundry, dishes, washing, cleaning, hoovering, vacuuming, ironing
organise: declutter, decluttering, clear-out, clearout, tidy-up, filing
fix: bug, leak, crash, puncture, flat tyre, broken
exercise: gym, workout, run, swim, yoga, training, exercise, fit, fitter, in shape, healthy
cook: $MEALS
backup: backup, backups
pack: packing
review: weekly review, monthly review, review, retro, retrospective
"""

# The steps, by family and by the object's words: a "[family] keywords" line, then the steps
# separated by "|" (indented lines continue the line above). Blocks of a family are tried in
# order; "*" matches any object, so it comes last.
STEP_TABLE: Final = """
[write] email, e-mail, message, letter, card, note, reply, response, text, thank-you,
    invitation, invite, cover letter, postcard, memo
Note the points {ref} must make | Draft {ref} | Read {ref} once for tone and typos | Send {ref}
[write] report, budget, forecast, analysis, accounts, invoice, statement, financials, figures,
    numbers, kpi, metrics, quarterly, annual report
Gather the figures for {ref} | Outline {ref} | Draft {ref} | Review and polish {ref}
    | Send {ref}
[write] essay, thesis, paper, dissertation, assignment, coursework, chapter, literature review,
    research, homework
Collect the sources and notes for {ref} | Outline {ref} | Draft {ref}
    | Check the references and polish {ref} | Submit {ref}
[write] article, blog, blog post, post, newsletter, story, column, piece, copy, press release,
    announcement, bio, caption, review, thread
Collect notes and ideas for {ref} | Outline {ref} | Draft {ref} | Edit and polish {ref}
    | Publish {ref}
[write] $TALKS, script
List the key points for {ref} | Outline {ref} | Draft {ref}
    | Rehearse {ref} out loud and trim it to time
[write] proposal, plan, brief, spec, specification, application, cv, resume, contract, policy,
    guide, documentation, docs, readme, agenda, minutes, summary, update
Gather the notes and facts for {ref} | Outline {ref} | Draft {ref} | Review and polish {ref}
    | Send {ref} to whoever needs it
[write] *
Collect notes and ideas for {ref} | Outline {ref} | Draft {ref} | Review and polish {ref}
    | Share {ref}
[plan] $TRIPS
Pick the dates and a budget for {ref} | Choose where to go and where to stay
    | Compare travel options for {ref} | Book travel and accommodation
    | Make a packing and to-do list for {ref}
[plan] $EVENTS
Set the date and budget for {ref} | Draw up the guest list for {ref}
    | Choose and book the place for {ref} | Send the invitations for {ref}
    | Sort out food and drinks for {ref}
[plan] $MEETINGS
Write down the goal and agenda for {ref} | Pick a time that works for everyone
    | Send the invite for {ref} | Prepare the material for {ref}
    | Write up the notes and actions afterwards
[plan] *
Write down what {ref} should achieve | List the options and limits for {ref}
    | Decide on the approach | Put the key dates for {ref} in your calendar
    | Share the plan with anyone involved
[organise] $DIGITAL
Delete or archive what you no longer need in {ref} | Make a few folders or labels for {ref}
    | Sort what is left into them | Set a weekly ten minutes to keep {ref} tidy
[organise] *
Clear out what you no longer need from {ref} | Sort what is left into groups
    | Give each group a place in {ref} | Label shelves or boxes so things go back
    | Take the clear-outs to donation or recycling
[clean] car, van, bike, bicycle
Empty {ref} of rubbish and belongings | Vacuum the inside of {ref}
    | Wipe down the dashboard and surfaces | Wash the outside of {ref}
[clean] laundry, clothes, washing, dishes, sheets, towels, bedding, curtains, shoes
Sort {ref} into loads | Wash {ref} | Dry {ref} | Fold or put {ref} away
[clean] $SPACES
Clear the clutter out of {ref} | Get the cleaning supplies ready
    | Dust and wipe down the surfaces in {ref} | Vacuum and mop the floor in {ref}
    | Put the supplies away and take out the rubbish
[clean] *
Get the cleaning supplies ready | Clear the area around {ref} | Clean {ref} thoroughly
    | Check {ref} for missed spots | Put the supplies away
[fix] bug, bugs, crash, exception, regression, flaky, stack trace, traceback, 404, 500
Reproduce {ref} and note the exact symptoms | Find the cause of {ref}
    | Write a test that shows {ref} | Make the fix and run the tests
    | Ship the fix and close the ticket
[fix] $SOFTWARE
Reproduce the problem with {ref} and note the exact symptoms | Find the cause in {ref}
    | Write a test that shows the problem | Make the fix and run the tests
    | Ship the fix and close the ticket
[fix] $DEVICES
Note exactly what is wrong with {ref} and when it started
    | Restart {ref} and anything it connects to | Look up the error or symptom
    | Try the fix, or contact support with your notes | Check that {ref} works again
[fix] *
Look at {ref} and note exactly what is wrong
    | Find out how to fix {ref} (manual, video or a professional)
    | Get the parts and tools for {ref} | Make the repair | Test that {ref} works again
[learn] $EXAMS
List the topics {ref} covers | Gather your notes and past papers
    | Make a revision timetable up to {ref} | Revise the weakest topic first
    | Do a practice paper under timed conditions
[learn] *
Pick one good resource for {obj} (a course, book or video) | Set a small first goal for {obj}
    | Do a first 30-minute session on {obj} | Practise what you learned with a short exercise
    | Note what to cover in the next session
[buy] groceries, grocery, food, shopping, supplies, essentials, ingredients, household,
    toiletries, weekly shop, snacks, drinks, milk, bread, eggs, vegetables, supermarket, shop,
    store, market
Check what you already have at home | Write the shopping list | Get everything on the list
    | Put the shopping away
[buy] gift, present, presents, gifts, flowers
Note a few things {person} would like | Set a budget for {ref} | Choose and order {ref}
    | Wrap it and write a card
[buy] laptop, phone, car, bike, tv, television, sofa, couch, mattress, fridge, washing machine,
    camera, computer, headphones, bed, desk, chair, house, flat, apartment, tablet, monitor,
    printer, oven, dishwasher, vacuum, furniture, bicycle, pram, stroller, watch, console,
    speaker, boiler, tyres, tires
List what {ref} must have and your budget | Compare three options for {ref}
    | Read reviews of the best two | Order the one you chose
    | Check {ref} on arrival and keep the receipt
[buy] *
Write down exactly which {core} you need | Compare prices for {core} | Order or pick up {ref}
    | Keep the receipt
[errand] *
Check when {ref} is ready and when the place is open | Bring the ticket, receipt or ID you need
    | Combine the trip with other errands on the way | Collect {ref} and check it is all there
[reply] *
Reread {ref} and note what it asks | Draft your reply | Check the reply and send it
    | Add any follow-ups to your list
[return] parcel, package, box, order, item, purchase, shoes, clothes, amazon, online order
Pack {ref} securely | Print the return label or write the address
    | Drop {ref} off or book a pick-up | Keep the receipt and tracking number
[return] *
Gather {ref} with any receipt or card | Check the return date or opening hours
    | Drop off or post back {ref} | Keep the receipt or confirmation
[chore] *
Get what you need for {doing} | Set a 15-minute timer and start | Finish and tidy up afterwards
    | Make it a routine if it comes round again
[prepare] interview, job interview
Research the company and the role | Write down answers to the questions you expect
    | Prepare two or three questions to ask | Plan your outfit and route
    | Do a practice run out loud
[prepare] $TALKS
Decide the one message {ref} must get across | Outline {ref}
    | Make the slides or notes for {ref} | Rehearse {ref} out loud and time it
    | Check the room, screen and files beforehand
[prepare] $MEETINGS
Read the agenda and past notes for {ref} | Write down what you want from {ref}
    | Prepare the figures or documents for {ref} | Send anything people should read beforehand
[prepare] $EXAMS
List the topics {ref} covers | Make a revision timetable | Revise the weakest topic first
    | Do a practice paper under timed conditions
[prepare] $TRIPS
Check the plan and bookings for {ref} | Write a packing list
    | Sort out documents, money and chargers | Arrange care for home, plants or pets
[prepare] *
List what {ref} needs | Gather the materials for {ref} | Do the main preparation
    | Do a final check the day before
[move] $MEETINGS, $APPOINTMENTS, date, deadline, booking, reservation, lesson, class
Check when everyone involved is free | Propose a new time for {ref}
    | Update the booking or invite for {ref} | Tell anyone affected
[move] sofa, couch, desk, bed, furniture, boxes, wardrobe, piano, fridge, table, shelf, shelves,
    plant, plants, tv
Measure {ref} and the way through | Clear a path for {ref} | Get help or a trolley
    | Carry it across and set it in place
[move] *
Set the moving date and book a van or movers | Declutter before you pack
    | Get boxes and pack room by room | Change your address with the bank, work and services
    | Set up power, water and internet at the new place
[build] shelf, shelves, bookshelf, desk, bed, wardrobe, ikea, furniture, table, chair, cabinet,
    cot, crib, drawers, chest of drawers, bunk bed
Clear some space and unpack the parts for {ref} | Check the parts against the instructions
    | Assemble {ref} step by step | Fix {ref} to the wall if it needs it | Recycle the packaging
[build] $SOFTWARE, landing page, prototype, mvp, model, game, extension
Write down what {ref} must do (the smallest useful version) | Sketch how {ref} will work
    | Build the first working piece of {ref} | Test {ref} | Ship {ref} and ask for feedback
[build] spreadsheet, document, doc, template, checklist, list, deck, survey, playlist, account,
    profile, folder, budget, schedule, calendar, plan, tracker, database, form, sheet
Decide what {ref} needs to show or do | Start from a template or a blank page
    | Fill in the first version of {ref} | Check it with real data or a second pair of eyes
    | Share {ref} with anyone who needs it
[build] *
Sketch what {ref} should look like when done | List the materials and tools for {ref}
    | Get the materials and tools | Build the first part of {ref} | Finish and check {ref}
[setup] *
Gather the logins, cables and details for {ref} | Follow the setup steps for {ref}
    | Test that {ref} works | Note the settings and passwords somewhere safe
[research] $SOFTWARE
Reproduce {ref} and note what you see | Collect the logs and recent changes around {ref}
    | Narrow down the cause | Write up what you found and the next step
[research] *
Write down what you want to find out about {obj} | Collect a few good sources on {obj}
    | Note the options with their pros and cons | Write a short summary of what you found
    | Decide the next step
[find] *
List what you need from {ref} | Ask for recommendations or read reviews
    | Contact two or three options and compare | Choose one and confirm
[apply] sign up for, sign up to, register for, register, enrol, enroll, race, 10k, 5k, marathon,
    class, course, club, gym, newsletter, event, workshop
Check the date, cost and requirements for {ref} | Fill in the sign-up form
    | Pay any fee and save the confirmation | Put the date in your calendar
[apply] *
Check the requirements and deadline for {ref} | Gather the documents for {ref}
    | Fill in the application for {ref} | Review everything before you send it
    | Submit the application and note the reference number
[book] $APPOINTMENTS
Check your calendar for times that suit | Find the number or booking page for {ref}
    | Make the booking for {ref} | Put the appointment in your calendar with a reminder
    | Note anything to bring
[book] flight, flights, train, hotel, table, restaurant, ticket, tickets, room, taxi, car, hire
    car, rental, ferry, bus, coach, airbnb, accommodation, campsite, seats, tour
Pick the dates and times for {ref} | Compare prices and options for {ref}
    | Make the booking and pay | Save the confirmation and add it to your calendar
[book] *
Check your calendar for times that suit | Compare the options for {ref}
    | Make the booking for {ref} | Save the confirmation and add it to your calendar
[review] week, weekly, month, monthly, quarter, year, goals, priorities
Capture loose ends and clear your inbox | Look back at what got done
    | Check your calendar for what is coming
    | Pick the top three priorities for the next stretch
[review] $DOCUMENTS, $SOFTWARE
Read through {ref} once for the overall picture | Note issues and questions as you go
    | Check the details (figures, names, dates) in {ref} | Write up your feedback or fixes
    | Send the feedback or sign {ref} off
[review] *
Look over {ref} carefully | Note anything that needs attention
    | Deal with what is quick straight away | Book or schedule anything bigger
[read] article, paper, report, chapter, document, contract, email, notes, brief, proposal,
    study, post, terms
Skim {ref} for the main points | Read {ref} closely and mark questions
    | Write a short summary of {ref} | Decide what, if anything, to do about it
[read] *
Pick a daily time to read {ref} | Read the first chapter of {ref}
    | Note ideas or quotes worth keeping | Finish {ref} and jot down what stayed with you
[admin] bill, bills, invoice, invoices, rent, fine, fee, fees, deposit, subscription, premium,
    installment, instalment, loan, credit card, council tax
Find {ref} and check the amount and due date | Check the details are what you expected
    | Make the payment | Save the receipt or confirmation
[admin] expenses, expense report, expense claim, receipts, timesheet, reimbursement, claim
Collect the receipts and details for {ref} | Fill in {ref}
    | Check the totals against the receipts | Send it off and note the date
[admin] tax, taxes, tax return, return, self assessment, vat
Gather the income and expense records for {ref} | Log in to the tax portal or get the forms
    | Fill in {ref} | Check the figures twice | Submit and save the confirmation
[admin] passport, licence, license, visa, id, id card, permit, registration, insurance,
    membership, card, policy, warranty, contract, lease
Check the rules, fees and deadlines for {ref} | Gather the documents and photos for {ref}
    | Fill in the form | Pay and submit | Note when {ref} should arrive or take effect
[admin] *
Find the details and deadline for {ref} | Gather what {ref} needs
    | Fill in or prepare everything | Submit and save the confirmation
[send] parcel, package, box, gift, present, order, item, return, returns, purchase, shoes,
    clothes
Pack {ref} securely | Print the label or write the address | Drop {ref} off or book a pick-up
    | Keep the receipt and tracking number
[send] *
Check the details on {ref} | Attach or print {ref} | Send it to {person}
    | Note when you sent it and when to follow up
[cancel] *
Find the contract and notice period for {ref} | Send the cancellation in writing
    | Get a written confirmation | Check that the payments have stopped
[pack] *
Check the plan and the weather | Write a packing list | Lay everything out and tick it off
    | Pack the bag and keep documents at hand
[cook] *
Pick the recipe for {ref} | Check the ingredients and buy what is missing | Prep the ingredients
    | Make and serve {ref} | Clear up the kitchen
[update] $DEVICES, os, app, apps, software, system, firmware, plugins, packages, dependencies,
    drivers, ios, windows, macos, browser, wordpress
Back up {ref} first | Check what the update changes | Install the update for {ref}
    | Restart and check everything still works
[update] *
Note what needs to change in {ref} | Make the changes to {ref} | Check that {ref} reads right
    | Tell anyone who needs to know
[backup] *
Pick where the backup goes (a drive or the cloud) | Run a full backup of {ref}
    | Open a few files from the backup to check it | Schedule automatic backups
[present] *
Decide the one message {ref} must get across | Outline {ref} | Make the slides or notes
    | Rehearse out loud and time it | Check the room, screen and files beforehand
[meet] interview, candidate, applicant
Read the CV and the role description | Prepare your questions | Book a room or a video link
    | Write up your notes and score straight afterwards
[meet] *
Agree a time and place with {person} | Note what you want to talk about
    | Add it to your calendar with travel time | Follow up on anything you agreed
[exercise] meditate, meditation, mindfulness, breathing, breathe, stretch, stretching, relax,
    journal, journaling
Pick a quiet time and place | Silence your phone | Set a timer and begin
    | Note how you feel afterwards
[exercise] *
Put a time for it in your calendar | Get your kit ready the day before
    | Warm up for five minutes | Do the session | Log how it went
[decide] *
Write down the options for {ref} | List the pros and cons of each
    | Ask someone you trust for a view | Make the call and note why
[handle] *
Find out what is involved in {ref} | Gather the papers and details for {ref}
    | Do the main part: the call, the form or the visit | Note what was done and any follow-up
"""

# What {ref} becomes for a bare verb ("Study", "Clean", "Write").
DEFAULT_REF_TABLE: Final = """
write: the piece | plan: the plan | organise: the space | clean: the room | fix: the problem
learn: the topic | buy: the things you need | prepare: the day | move: the move
build: the build | setup: the setup | research: the question | find: the right person
apply: the application | book: the booking | review: the work | read: the book
admin: the paperwork | send: the item | cook: the meal | update: the system | backup: your files
present: the talk | decide: the choice | handle: it | meet: them | errand: the order
reply: the message | return: the item | chore: the chore
"""

# Short noun bullets in a description take the title's verb ("- milk" under "Buy groceries" ->
# "Buy milk") in families where a list of things means doing the same to each.
ITEM_TABLE: Final = """
buy: Buy | contact: Contact | clean: Clean | organise: Sort | fix: Fix | book: Book
send: Send | pack: Pack | read: Read | review: Review | research: Look into | find: Find
write: Write | cook: Make | setup: Set up
"""

# First actions of a project, by the words of its title (first match wins; same format).
PROJECT_TABLE: Final = """
[launch] launch, release, ship, go live, beta, rollout, roll-out, v2, v3, version
Write the launch checklist | Pick the launch date and work back from it
    | List who needs to hear about it (users, team, press)
[move] move, moving, relocation, relocate, new flat, new house, new home
Set the moving date and book movers or a van | Declutter room by room
    | Start a list of everyone who needs your new address
[event] $EVENTS, conference, retreat, summit, ceremony
Set the date, budget and number of guests | Shortlist and book the venue
    | Draft the invitation and the guest list
[trip] $TRIPS
Pick the dates and a budget | Choose where to go and where to stay
    | Book travel and accommodation | Check passports, visas and insurance
[home] renovate, renovation, remodel, refurbish, redecorate, decorate, extension, kitchen,
    bathroom, garden, loft, attic, conversion, diy, landscaping, paint, flooring, roof, redo,
    home office, office, workspace, studio, shed, nursery, bedroom, makeover
Measure the space and take photos | Collect ideas and set the budget
    | Get three quotes or list the materials
[business] shop, online shop, store, business, startup, side hustle, etsy, brand, cafe, bakery,
    agency, freelance, freelancing, consultancy, company, shopify
Write a one-page plan: who it is for and what you offer
    | Check the legal, tax and bank set-up you need
    | Make the first version of the product or offer | Find your first three customers
[switch] switch, migrate, transition, change provider, new bank, energy supplier, new provider
List what the current one does that you rely on | Compare three alternatives
    | Set up the new one and move things over | Close the old one once everything works
[software] $SOFTWARE, redesign, platform, system, portal, mvp, prototype, saas
Sketch the main screens or parts of the first version
    | Set up the repository and a place to test | Build the smallest useful version first
[learning] learn, course, degree, certification, certificate, exam, exams, revision, revise,
    gcse, gcses, a-level, a-levels, finals, sat, language, spanish, french, german, italian,
    japanese, chinese, piano, guitar, skill, class, qualification, diploma, mba, bootcamp
Choose the course, book or teacher | Block regular study sessions in your calendar
    | Do the first lesson
[writing] write, book, novel, thesis, dissertation, blog, article, paper, newsletter, podcast,
    channel, memoir, screenplay, zine, portfolio
Outline the main parts | Set a writing rhythm, such as 30 minutes a day
    | Draft the first section
[fitness] marathon, half marathon, 5k, 10k, triathlon, run, running, fitness, fit, weight,
    health, healthy, gym, training, diet, sleep, strength, yoga, cycling, swim
Pick a plan that matches where you are starting from | Schedule the first week's sessions
    | Record a starting measurement
[money] budget, savings, save, saving, debt, finances, finance, money, tax, taxes, pension,
    invest, investing, investment, mortgage, emergency fund, retirement
Gather the statements and current figures | Write down where the money goes each month
    | Set up the first automatic transfer or payment
[hiring] hire, hiring, recruit, recruitment, recruiting, onboarding
Write the role description | Decide where to advertise and who interviews
    | Set up the interview steps
[job] job, jobs, career, job hunt, job search, cv, resume, promotion, internship
Update your CV and online profile | List ten places you would like to work
    | Send the first three applications
[declutter] declutter, decluttering, organise, organize, tidy, clean out, clear out, clear-out,
    spring clean, minimalism, storage, garage, attic, wardrobe
Pick the first room or area | Set up keep, donate and bin boxes
    | Book a donation drop-off or collection
[research] research, study, investigation, analysis, survey, report, review, audit, evaluation
Write down the main question | Collect the first sources or data
    | Decide the format of the result
[life] baby, nursery, pregnancy, adoption, puppy, dog, cat, pet
List what has to be ready and by when | Set the budget
    | Ask one person who has done it for advice
[general] *
Break the work into three or four parts | Pick the first concrete action and do it
    | Write down who can help
"""
