"""The local engines behind Break into steps, Break a project into tasks and Explain today.

They answer when no AI provider is configured and whenever a provider fails, so every AI
feature works offline (PRODUCT.md principle 3). They are deterministic: the same input always
gives the same answer, with no network, clock or randomness.

How the breakdowns read a title. "Write the quarterly report" has a *verb* ("write") that picks
a *family* of steps (writing: gather, outline, draft, polish, send) and an *object* ("the
quarterly report") that the steps talk about. Words in the object pick a *variant* of the
family: a report gathers figures and is sent, an essay gathers sources and is submitted, an
email is short. Vague verbs ("do the taxes", "sort out the garage", "get a haircut") and titles
without a verb ("Dentist appointment", "Groceries") are routed by their nouns. Anything else
gets a generic breakdown that still names what it is about ("…for painting the fence"). A
description that lists steps (bullets, lines or imperative sentences) wins over all of this:
its items become the steps, cleaned, topped up from the title when there are too few.

Explain today writes fixed sentences from the explain_today payload only (the very fields a
provider would see), shortening titles and lists until the summary fits 60–120 words.

Extending: the tables below are plain text. Add a verb to ``_VERB_TABLE`` (or a phrase to
``_PHRASAL_TABLE``) to route it to a family; add a ``[family] keywords`` block to
``_STEP_TABLE`` for objects that need other steps (blocks are tried in order; ``*`` matches
anything, so it comes last). Steps use ``{ref}`` (the object with "the": "the quarterly
report"), ``{obj}`` (as written: "electric cars", "a new laptop"), ``{core}`` (without an
article: "quarterly report"), ``{person}`` ("a gift for Anna" -> "Anna") and ``{doing}``
("mowing the lawn"). ``$NAME`` in a keyword list stands for a word list of ``_LEXICON``.
``tests/test_local_engines.py`` checks the ranges over many generated titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final, cast

from .features import (
    BREAK_PROJECT_STEPS,
    BREAK_TASK_STEPS,
    FEATURES,
    MAX_STEP_CHARS,
    SUMMARY_WORDS,
    clean_step,
    word_count,
)

__all__ = ["break_project", "break_task", "explain_today"]


# --- Tables ------------------------------------------------------------------------------------
# Named word lists, used as $NAME in the tables below.
_LEXICON_TABLE: Final = """
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
_VERB_TABLE: Final = """
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
# vague: their object decides the family (see _VAGUE).
_PHRASAL_TABLE: Final = """
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
_VAGUE: Final = frozenset(
    {"sort out", "deal with", "take care of", "do", "get", "go to", "go for", "make"}
)

# Titles without a verb, and vague verbs, are routed by their nouns (first match wins).
_NOUN_TABLE: Final = """
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
_STEP_TABLE: Final = """
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
_DEFAULT_REF_TABLE: Final = """
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
_ITEM_TABLE: Final = """
buy: Buy | contact: Contact | clean: Clean | organise: Sort | fix: Fix | book: Book
send: Send | pack: Pack | read: Read | review: Review | research: Look into | find: Find
write: Write | cook: Make | setup: Set up
"""

# First actions of a project, by the words of its title (first match wins; same format).
_PROJECT_TABLE: Final = """
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


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class _Variant:
    """Steps for objects whose words meet ``keys`` (any object when ``keys`` is empty)."""

    family: str
    keys: frozenset[str]
    steps: tuple[str, ...]


def _logical_lines(table: str) -> list[str]:
    """Lines of a table, with indented lines joined to the line above."""
    lines: list[str] = []
    for raw in table.splitlines():
        if raw.startswith((" ", "\t")) and lines and lines[-1]:
            lines[-1] += " " + raw.strip()
        else:
            lines.append(raw.strip())
    return lines


def _parse_lexicon(table: str) -> dict[str, frozenset[str]]:
    pairs = (line.split(":", 1) for line in _logical_lines(table) if line)
    return {name.strip(): _split_keys(words, {}) for name, words in pairs}


def _split_keys(text: str, lexicon: Mapping[str, frozenset[str]]) -> frozenset[str]:
    keys: set[str] = set()
    for key in (k.strip().lower() for k in text.split(",")):
        if key.startswith("$"):
            keys |= lexicon[key[1:].upper()]
        elif key and key != "*":
            keys.add(key)
    return frozenset(keys)


def _parse_pairs(table: str, separator: str = "|") -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in _logical_lines(table):
        for pair in filter(None, (p.strip() for p in line.split(separator))):
            key, _, value = pair.partition(":")
            pairs[key.strip()] = value.strip()
    return pairs


def _parse_blocks(table: str, lexicon: Mapping[str, frozenset[str]]) -> tuple[_Variant, ...]:
    """ "[family] keywords" lines, each followed by its steps separated by "|"."""
    variants: list[_Variant] = []
    lines = [line for line in _logical_lines(table) if line]
    for header, steps in zip(lines[::2], lines[1::2], strict=True):
        family, _, keys = header.removeprefix("[").partition("]")
        parsed = tuple(step.strip() for step in steps.split("|"))
        variants.append(_Variant(family, _split_keys(keys, lexicon), parsed))
    return tuple(variants)


_LEXICON: Final = _parse_lexicon(_LEXICON_TABLE)
_VERBS: Final = {
    verb: family
    for family, verbs in _parse_pairs(_VERB_TABLE, "\n").items()
    for verb in verbs.split()
}
_PHRASAL: Final = _parse_pairs(_PHRASAL_TABLE)
_NOUN_FAMILIES: Final = tuple(
    (family, _split_keys(nouns, _LEXICON)) for family, nouns in _parse_pairs(_NOUN_TABLE).items()
)
_STEPS: Final = _parse_blocks(_STEP_TABLE, _LEXICON)
_PROJECT_STEPS: Final = _parse_blocks(_PROJECT_TABLE, _LEXICON)
_DEFAULT_REF: Final = _parse_pairs(_DEFAULT_REF_TABLE)
_ITEM_VERB: Final = _parse_pairs(_ITEM_TABLE)

# Common imperative verbs outside the families: a sentence that starts with one is a step, and
# a title that starts with one has a verb ("Paint the fence" -> "…for painting the fence").
_COMMON_VERBS: Final = _wordset(
    """add adjust agree answer attach attend bring brainstorm calculate change clear close
    collect complete confirm copy cut define delete discuss donate download drive drop empty
    estimate fill finish follow give hang iron join label launch list load log map measure
    merge note open outline paint pick plant print prioritise prioritize publish put record
    reply remove rename replace reply restart save scan share sign sketch start stop
    summarise summarize swap take track transfer translate upload water weed wrap tackle handle
    renovate redecorate decorate repaint sell settle charge refill walk feed groom recycle
    shred archive polish fold frame mow trim prune hoover iron clear confirm verify invite
    celebrate thank welcome onboard train coach mentor mark grade sweep run accept acknowledge
    activate advertise allocate announce apologise apologize appeal assign authorise avoid
    balance bathe block boil borrow brief browse brush bundle cash chase chat chop clarify
    comment commit compile connect consider consolidate contribute convert count cover crop
    deploy describe destroy dig discard dispose distribute document double-check drain draw
    dry dump enable ensure enter erase escalate examine exchange expand export extend extract
    fetch finalise finalize flag forward freeze gather generate greet heat help highlight
    identify import improve inform inspect introduce invest keep knit lay lend lift link lock
    maintain manage mix monitor negotiate notify obtain offer optimise optimize peel
    photograph place plug pour prevent promote propose protect provide pull pump push raise
    reach rebuild receive recommend reconcile recover reduce refactor refund refresh reinstall
    reject reload rent reorder reorganise reorganize repeat request reset resize restore
    retrieve revisit rinse rotate sand seal separate serve sew shave shortlist shut slice soak
    sow spend split spray spread stack staple stir subscribe suggest supply switch sync tag
    tally tape taste thaw tick tighten transcribe transport trash treat tune tweet type
    uninstall unpack unplug untangle validate wait warm watch weigh vote mention explain insist
    stress request chase adopt redo become grow lose gain quit achieve hit win pass earn boost
    increase decrease double halve land secure switch transition retire travel volunteer
    begin found establish get go have try open improve finish complete start run lower"""
) | frozenset(_VERBS)

_DETERMINERS: Final = _wordset(
    """the a an my our your his her their its this that these those some any all every each
    both several few no one two three four five"""
)
_PREPOSITIONS: Final = _wordset("for to about on into with at in of from up")
_WH_WORDS: Final = _wordset("where what which whether how who whom when why if")
# Families whose object is a person, a subject or an activity: never "the …".
_NO_ARTICLE: Final = frozenset({"learn", "contact", "meet", "exercise"})

# Every word the tables know, so "Quarterly report" becomes "the quarterly report" while a name
# such as "Paris" keeps its capital.
_KNOWN_LOWER: Final = (
    frozenset(w for v in (*_STEPS, *_PROJECT_STEPS) for key in v.keys for w in key.split())
    | frozenset(w for _, keys in _NOUN_FAMILIES for key in keys for w in key.split())
    | frozenset(w for keys in _LEXICON.values() for key in keys for w in key.split())
    | _COMMON_VERBS
    | _DETERMINERS
    | _wordset(
        """new old big small weekly monthly daily yearly annual quarterly next last first final
        little quick short long main team project client family work home personal kids
        kid"""
    )
)


# --- Words -------------------------------------------------------------------------------------
# Leading words that only say it is a task: "I need to call Anna" is "Call Anna".
_LEAD_IN = re.compile(
    r"^(?:(?:i|we)\s+(?:really\s+)?(?:need|have|want|must|should|ought|gotta|got)\s+(?:to\s+)?"
    r"|(?:need|have|want|got|ought)\s+to\s+|must\s+|should\s+|remember\s+to\s+"
    r"|don'?t\s+forget\s+to\s+|do\s+not\s+forget\s+to\s+|try\s+to\s+|please\s+|pls\s+"
    r"|(?:to\s*do|todo|task|action)\s*:\s*|first(?:ly)?,?\s+|then,?\s+|next,?\s+"
    r"|after\s+that,?\s+|finally,?\s+|and\s+(?:then\s+)?|also,?\s+|lastly,?\s+)",
    re.IGNORECASE,
)


def _strip_lead_in(text: str) -> str:
    while True:
        stripped = _LEAD_IN.sub("", text, count=1).strip()
        if stripped == text or not stripped:
            return text
        text = stripped


def _words(text: str) -> list[str]:
    """Lower-case words with their punctuation removed ("report," -> "report")."""
    cleaned = (re.sub(r"[^\w'&+:-]", "", t).strip("'-:").lower() for t in text.split())
    return [w for w in cleaned if w]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _keys_of(text: str) -> frozenset[str]:
    """The words of ``text``, their singulars and their pairs, for keyword matching."""
    words = _words(text)
    keys = set(words) | {_singular(w) for w in words}
    keys |= {f"{a} {b}" for a, b in pairwise(words)}
    keys |= {f"{a} {_singular(b)}" for a, b in pairwise(words)}
    return frozenset(keys)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """Lower-case the first letter of a known word; names and acronyms keep theirs."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return text
    if first.lower() in _KNOWN_LOWER:
        return text[:1].lower() + text[1:]
    return text


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _clip_words(text: str, words: int, chars: int) -> str:
    """At most ``words`` words and ``chars`` characters, ending in "…" when shortened."""
    parts = text.split()
    clipped = " ".join(parts[:words])
    if len(clipped) > chars:
        head = clipped[:chars]
        clipped = head.rsplit(" ", 1)[0] if " " in head else head
    if clipped != " ".join(parts):
        clipped = clipped.rstrip(" ,;:.-—") + "…"
    return clipped


def _gerund(verb: str) -> str:
    """ "move" -> "moving", "plan" -> "planning", "tie" -> "tying", "go to" -> "going to"."""
    verb, space, rest = verb.partition(" ")
    if space:
        return f"{_gerund(verb)} {rest}"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    short = len(re.findall(r"[aeiou]+", verb)) == 1
    if short and len(verb) >= 3 and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", verb):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _verb_base(word: str) -> str:
    """ "writing" -> "write", "planning" -> "plan"; unknown forms come back unchanged."""
    if word in _COMMON_VERBS:
        return word
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        for candidate in (stem, stem + "e", stem[:-1]):
            if candidate in _COMMON_VERBS:
                return candidate
    return word


# --- Reading a title ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Subject:
    """What a title is about: its ``family`` of steps (None: generic), ``verb`` (None: the
    title has no verb we know) and ``obj``, the words after the verb as written."""

    title: str
    family: str | None
    verb: str | None
    obj: str
    hints: frozenset[str] = frozenset()  # words implied but not written ("serviced" -> booking)

    @property
    def keys(self) -> frozenset[str]:
        """The words that pick a variant: the object's (or the title's), the verb, the hints."""
        keys = _keys_of(self.obj or self.title) | self.hints
        return keys | {self.verb} if self.verb else keys

    def ref(self, *, article: bool = True) -> str:
        """The object for reuse in a step: "a report" -> "the report", "quarterly report" ->
        "the quarterly report"; names are left alone ("Mum", "Paris"); long objects clipped."""
        words = self.obj.split()
        if not words:
            return ""
        first = words[0].lower()
        obj = self.obj
        if first in ("a", "an", "some", "any") and len(words) > 1:
            obj = " ".join(["the", *words[1:]])
        elif (
            article
            and first not in _DETERMINERS
            and first not in _PREPOSITIONS
            and first not in _WH_WORDS
            and not first[:1].isdigit()
            and "'" not in first
            and "’" not in first
            and (words[0][:1].islower() or first in _KNOWN_LOWER)
        ):
            obj = "the " + self.sentence_case(obj)
        return _clip_words(obj, 10, 80)

    def core(self) -> str:
        """The object without its article: "a new laptop" -> "new laptop"."""
        words = self.obj.split()
        if words and words[0].lower() in ("a", "an", "the", "some", "any"):
            words = words[1:]
        return _clip_words(self.sentence_case(" ".join(words)), 10, 80) if words else ""

    def sentence_case(self, text: str) -> str:
        # A title without a verb starts with a capital only because it starts the title
        # ("Quarterly report"); after a verb a capital is meant ("Learn Spanish").
        return _lower_first(text) if self.verb is None else text


def _clean_title(title: str) -> str:
    return _strip_lead_in(clean_step(title)).rstrip("!?. ").strip()


def _noun_family(keys: frozenset[str]) -> str | None:
    return next((family for family, nouns in _NOUN_FAMILIES if keys & nouns), None)


def _read_title(title: str) -> _Subject:
    text = _clean_title(title)
    words = text.split()
    lowered = [re.sub(r"[^\w'-]", "", w).lower() for w in words]
    for size in (4, 3, 2, 1):
        phrase = " ".join(lowered[:size])
        if len(lowered) >= size and phrase in _PHRASAL:
            return _route(text, _PHRASAL[phrase], phrase, " ".join(words[size:]))
    if lowered:
        verb = _verb_base(lowered[0])
        obj = " ".join(words[1:])
        if verb in _VERBS:
            return _route(text, _VERBS[verb], verb, obj)
        if obj and (verb in _COMMON_VERBS or _verb_shaped(lowered)):
            # "Paint the fence", "Repot the monstera": no family for the verb; the object may
            # still name one.
            return _Subject(text, _noun_family(_keys_of(obj)), verb, obj)
    family = _noun_family(_keys_of(text))
    return _Subject(text, family, None, text if family else "")


def _verb_shaped(lowered: Sequence[str]) -> bool:
    """ "repot the monstera", "adopt a dog": an unknown first word followed by an article or a
    possessive is, in a title, almost always a verb."""
    return (
        len(lowered) > 1
        and lowered[1] in _OBJECT_STARTS
        and lowered[0].isalpha()
        and lowered[0] not in _DETERMINERS
        and lowered[0] not in _PREPOSITIONS
    )


_OBJECT_STARTS: Final = _wordset("the a an my our your his her their some all")


def _route(text: str, family: str, verb: str, obj: str) -> _Subject:
    """Let the object overrule a vague or ambiguous verb: "do the taxes" is admin, "organise a
    party" is planning, "make dinner" is cooking, "sort out the garage" is tidying."""
    keys = _keys_of(obj)
    lex = _LEXICON
    chosen: str | None = family if family != "-" else None
    hints: frozenset[str] = frozenset()
    done = re.fullmatch(r"(.+?)\s+(\w{3,}ed|done|cut|seen)", obj.strip(), re.I)
    if verb == "get" and done and not _noun_family(keys):
        # "Get the car serviced", "Get my eyes tested": somebody else does it; book them.
        return _Subject(text, "book", verb, done.group(1), frozenset({"appointment"}))
    if verb in _VAGUE:
        chosen = _noun_family(keys) or chosen
        if chosen == "handle" and keys & (lex["SPACES"] | lex["DIGITAL"]):
            chosen = "organise"
        elif verb == "go to" and keys & {"gym", "class", "pool", "yoga", "pilates", "training"}:
            chosen = "exercise"
        elif verb == "go to" and keys & {"shop", "supermarket", "store", "market", "shops"}:
            chosen = "buy"
    elif family == "prepare" and keys & lex["MEALS"]:
        chosen = "cook"  # "Prepare dinner for guests"
    elif (family == "organise" and keys & (lex["EVENTS"] | lex["TRIPS"] | lex["MEETINGS"])) or (
        verb == "schedule" and keys & (lex["MEETINGS"] | lex["EVENTS"])
    ):
        chosen = "plan"  # "organise a party", "schedule the team retro"
    if chosen != "contact":
        obj = re.sub(r"^(?:for|about|on)\s+(?=\S)", "", obj, flags=re.I)  # "Read about X"
    if chosen == "learn" and re.match(r"to\s+\w", obj, re.I):
        # "Learn to swim": the subject is the activity, "swimming".
        _, activity, *rest = obj.split()
        obj = " ".join([_gerund(_verb_base(activity.lower())), *rest])
    return _Subject(text, chosen, verb, obj.strip(), hints)


def _variant(family: str, keys: frozenset[str]) -> tuple[str, ...]:
    return next(v.steps for v in _STEPS if v.family == family and (not v.keys or keys & v.keys))


def _split_person(obj: str) -> tuple[str, str]:
    """ "the bank about the mortgage" -> ("the bank", "the mortgage"); "Mum back" -> "Mum"."""
    obj = re.sub(r"\s+back$", "", obj.strip(), flags=re.I)
    match = re.search(r"\s+(?:about|regarding|re:?|to|for|on|concerning)\s+", obj, re.I)
    if match:
        return obj[: match.start()].strip(), obj[match.end() :].strip()
    return obj, ""


def _recipient_and_thing(obj: str) -> tuple[str, str] | None:
    """ "Sarah the slides" -> ("Sarah", "the slides"): a name, then what goes to them."""
    match = re.fullmatch(
        r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+((?:the|a|an|my|our|your)\s+.+)", obj
    )
    if match and match.group(1).lower() not in _DETERMINERS:
        return match.group(1), match.group(2)
    return None


def _contact_steps(subject: _Subject) -> list[str]:
    person, topic = _split_person(subject.obj)
    person = _clip_words(person, 8, 60) if person else "them"
    purpose = re.match(r"to\s+(.+)", subject.obj[len(person) :].strip(), re.I)
    handover = _recipient_and_thing(subject.obj)
    if handover:  # "Email Sarah the slides"
        person, thing = handover
        steps = [f"Get {_clip_words(thing, 10, 80)} ready to send"]
    elif purpose:  # "Call the plumber to fix the sink"
        steps = [f"Note the details {person} needs to {_clip_words(purpose.group(1), 10, 80)}"]
    elif topic:
        steps = [f"Note what you want to ask {person} about {_clip_words(topic, 10, 80)}"]
    else:
        steps = [f"Note what you want to ask or tell {person}"]
    if _keys_of(person) & _LEXICON["ORGANISATIONS"]:
        steps.append("Have your details and any reference number ready")
    verb = subject.verb or ""
    if verb in ("call", "phone", "ring"):
        steps += [f"Look up the number for {person}", "Make the call and note what was agreed"]
    elif verb in ("email", "e-mail", "write to", "reply to", "respond to"):
        steps += [f"Find the right email address for {person}", "Write and send the email"]
    elif verb in ("text", "message"):
        steps.append("Write the message and send it")
    else:
        steps.append("Get in touch and note what was agreed")
    steps.append("Add any follow-ups to your list")
    return steps


def _generic_steps(subject: _Subject, project: str | None) -> list[str]:
    if subject.verb and subject.obj:
        about = f"{_gerund(subject.verb)} {_clip_words(subject.obj, 10, 80)}"
    else:
        about = f"“{_clip_words(subject.title, 10, 80)}”"
    follow_up = "Check the result and note any follow-ups"
    if project and project.strip():
        follow_up += f" for {_clip_words(' '.join(project.split()), 8, 60)}"
    return [
        f"Decide what done looks like for {about}",
        "List what you need and gather it",
        "Do the first 25 minutes of the work",
        "Finish the remaining work",
        follow_up,
    ]


def _title_steps(subject: _Subject, project: str | None) -> list[str]:
    """The steps the title alone suggests."""
    family = subject.family
    if family is None or (subject.verb is None and not subject.obj):
        return _generic_steps(subject, project)
    if family == "contact":
        return _contact_steps(subject)
    default = _DEFAULT_REF.get(family, "it")
    handover = _recipient_and_thing(subject.obj) if family == "send" else None
    if handover:  # "Send John the contract"
        person, item = handover
        subject = _Subject(subject.title, family, subject.verb, item, subject.hints)
    elif family == "send" and re.search(r"\s+to\s+", subject.obj, re.I):
        # "Send the invoice to ACME": the item, then where it goes.
        item, _, person = re.split(r"\s+(to)\s+", subject.obj, maxsplit=1, flags=re.I)
        subject = _Subject(subject.title, family, subject.verb, item, subject.hints)
        person = _clip_words(person, 8, 60)
    elif family == "send":
        person = "the right person or address"
    elif family == "meet":
        person = _clip_words(_split_person(subject.obj)[0], 8, 60) or "them"
    else:
        match = re.search(r"\bfor\s+(.+)$", subject.obj, re.I)  # "a gift for Anna"
        person = _clip_words(match.group(1), 6, 50) if match else "them"
    keys = subject.keys if subject.obj else subject.keys | _keys_of(default)
    if family in _HEAD_ONLY:  # "Move the desk upstairs" -> "the desk"
        head = _HEAD_END.split(subject.obj, maxsplit=1)[0].strip()
        subject = _Subject(subject.title, family, subject.verb, head or subject.obj, subject.hints)
    ref = subject.ref(article=family not in _NO_ARTICLE) or default
    core = subject.core() or default.removeprefix("the ")
    obj = _clip_words(subject.sentence_case(subject.obj), 10, 80) or core
    doing = f"{_gerund(subject.verb or family)} {obj}".strip()
    templates = _variant(family, keys)
    return [t.format(ref=ref, core=core, obj=obj, person=person, doing=doing) for t in templates]


# Where the thing ends and its destination or timing begins, for families whose steps are
# about the thing itself ("Upgrade the laptop to the new OS" -> "the laptop").
_HEAD_END: Final = re.compile(
    r"\s+(?:to|into|onto|from|upstairs|downstairs|before|after|by|until|out of|back to)\b",
    re.IGNORECASE,
)
_HEAD_ONLY: Final = frozenset({"update", "move", "clean", "pack", "setup", "cancel", "backup"})


# --- Reading a description ---------------------------------------------------------------------
_BULLET_LINE = re.compile(r"^\s*(?:[-*•·+–—>]|\[[ xX✓✔]?\]|[☐☑✓✔]|\(?\d{1,2}[.):]\s|[a-z][.)]\s)")
_DONE_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(?:\[[xX✓✔]\]|[☑✓✔])")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\s*;\s*")
_THEN_SPLIT = re.compile(r",?\s+(?:and\s+)?then\s+|,\s+(?:and\s+)?after\s+that,?\s+", re.I)
# A second word like these means the first was a noun: "Work starts on Monday", "Budget is".
_NOT_IMPERATIVE: Final = _wordset(
    """is are was were has have had will would can could should must may might starts needs
    looks seems goes comes gets got did does isn't aren't wasn't won't can't"""
)


def _starts_with_verb(text: str) -> bool:
    """True for an imperative sentence: "Call the bank", "Then send the form to Anna"."""
    words = _words(_strip_lead_in(text))
    if not words or (len(words) > 1 and words[1] in _NOT_IMPERATIVE):
        return False
    return _verb_base(words[0]) in _COMMON_VERBS or " ".join(words[:2]) in _PHRASAL


def _description_steps(description: str, family: str | None) -> list[str]:
    """The steps a description already lists, cleaned, in order.

    Bullets, checkboxes and numbered lines are steps (ticked ones are done and skipped); a
    short noun bullet takes the title's verb ("- milk" under "Buy groceries" -> "Buy milk").
    Other text is split into sentences and "…, then …" clauses; those that start with a verb
    are steps ("First, call the bank." -> "Call the bank"), the rest is context.
    """
    lines = [line for line in description.splitlines() if line.strip()]
    bulleted = [line for line in lines if _BULLET_LINE.match(line)]
    if not bulleted and _is_plain_list(lines):
        bulleted = lines  # "kitchen / bathroom / living room", one per line
    elif not bulleted and len(lines) == 1 and family in _ITEM_VERB:
        parts = [p.strip() for p in re.split(r",|\band\b", lines[0].rstrip(". ")) if p.strip()]
        if len(parts) >= 2 and _is_plain_list(parts):
            bulleted = parts  # "Milk, eggs, bread and apples" under "Weekly shop"
    steps: list[str] = []
    if len(bulleted) >= 2 or (bulleted and len(lines) == 1):
        for line in bulleted:
            if _DONE_LINE.match(line):
                continue
            item = _strip_lead_in(clean_step(line, capitalize=False))
            verb = _ITEM_VERB.get(family or "")
            if item and verb and not _starts_with_verb(item) and len(item.split()) <= 4:
                item = f"{verb} {_lower_first(item)}"
            steps.append(clean_step(item))
        return [s for s in steps if s]
    for line in lines:
        for sentence in _SENTENCE_SPLIT.split(line):
            for clause in _THEN_SPLIT.split(sentence):
                if _starts_with_verb(clause):
                    clause = _strip_lead_in(clean_step(clause))
                    steps.extend(clean_step(part) for part in _split_actions(clause))
    return [s for s in steps if s]


def _is_plain_list(lines: Sequence[str]) -> bool:
    """Two or more short lines (at most five words, no sentence punctuation): a list."""
    return len(lines) >= 2 and all(
        len(line.split()) <= 5 and not line.rstrip().endswith((".", "?", "!", ":"))
        for line in lines
    )


def _split_actions(clause: str) -> list[str]:
    """ "Call the bank and send the form" -> two actions; "Wash and dry the sheets" and "Buy
    milk and eggs" stay one (the left side must be a whole action, the right start with a
    verb)."""
    words = clause.split()
    for i, word in enumerate(words):
        if word.lower() == "and" and i >= 2 and i + 1 < len(words):
            right = " ".join(words[i + 1 :])
            if _starts_with_verb(right):
                return [*_split_actions(" ".join(words[:i]).rstrip(",")), *_split_actions(right)]
        if word.endswith(",") and i >= 1 and i + 1 < len(words):
            right = " ".join(words[i + 1 :])
            if _starts_with_verb(right) and not right.lower().startswith("and "):
                return [" ".join(words[: i + 1]).rstrip(","), *_split_actions(right)]
    return [clause]


# --- Assembling steps --------------------------------------------------------------------------
def _fit(text: str) -> str:
    """A step of at most 200 characters, cut at a word."""
    if len(text) <= MAX_STEP_CHARS:
        return text
    return text[: MAX_STEP_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:-—") + "…"


def _key(text: str) -> str:
    """What makes two steps the same: their words, without case, punctuation or articles."""
    return _fold(" ".join(w for w in _words(text) if w not in ("a", "an", "the")))


def _distinct(steps: Iterable[str], title: str) -> list[str]:
    """Steps in order without repeats (case, punctuation and articles aside), and never the
    title itself ("Submit the expense report" under "Submit expense report")."""
    seen = {_key(title), _key(_clean_title(title))}
    out: list[str] = []
    for raw in steps:
        step = _fit(clean_step(raw))
        key = _key(step)
        if key and key not in seen:
            seen.add(key)
            out.append(step)
    return out


def _overlaps(step: str, others: Sequence[str]) -> bool:
    """True when ``step`` says much the same as one of ``others`` (most content words shared)."""
    mine = {w for w in _words(step) if len(w) > 3}
    for other in others:
        theirs = {w for w in _words(other) if len(w) > 3}
        if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= 0.75:
            return True
    return False


def _top_up(steps: Sequence[str], extra: Sequence[str], title: str, want: int) -> list[str]:
    """``steps`` plus ``extra`` steps until there are ``want``: new ones first, then, only if
    still short, ones that overlap what is there."""
    out = _distinct(steps, title)
    candidates = [s for s in _distinct(extra, title) if _key(s) not in {_key(o) for o in out}]
    fresh = [s for s in candidates if not _overlaps(s, out)]
    for step in fresh + [s for s in candidates if s not in fresh]:
        if len(out) >= want:
            break
        out.append(step)
    return out


def _merge_overflow(steps: list[str], high: int) -> list[str]:
    """At most ``high`` steps: the overflow is gathered into the last one, not dropped."""
    if len(steps) <= high:
        return steps
    return [*steps[: high - 1], _fit("Then: " + "; ".join(steps[high - 1 :]))]


_FALLBACK_TASK_STEPS: Final = (
    "Decide what done looks like",
    "List what you need and gather it",
    "Do the first 25 minutes of the work",
    "Finish the remaining work",
    "Check the result and note any follow-ups",
)


def break_task(title: str, description: str, project: str | None) -> list[str]:
    """3–6 concrete steps for a task, deterministic and offline.

    The description's own steps come first when it lists any (bullets, lines, imperative
    sentences), topped up from the title's wrap-up steps when there are fewer than three.
    Otherwise the title's verb and object pick the steps ("Write the quarterly report" ->
    gather the figures, outline, draft, review and polish, send); unknown verbs get a generic
    breakdown that names the task. Steps are distinct, at most 200 characters each, and never
    the title itself.
    """
    low, high = BREAK_TASK_STEPS
    subject = _read_title(title)
    from_title = _title_steps(subject, project)
    listed = _distinct(_description_steps(description or "", subject.family), title)
    if listed:
        steps = _top_up(listed, [*from_title[-2:], *from_title], title, low)
    else:
        steps = _distinct(from_title, title)
    steps = _top_up(steps, _FALLBACK_TASK_STEPS, title, low)
    return _merge_overflow(steps, high)


# --- Projects ----------------------------------------------------------------------------------
_GENERIC_PROJECT_STEPS: Final = (
    "Break the work into three or four parts",
    "Pick the first concrete action and do it",
    "Write down who can help",
    "Tell anyone involved what the plan is",
)


def _project_ref(title: str) -> str:
    """How steps name a project: "the kitchen renovation", "moving to Berlin", "Mum's 60th",
    or the title in quotes when it is one unknown word."""
    text = _clean_title(title)
    words = text.split()
    if not words:
        return "the project"
    lowered = [re.sub(r"[^\w'-]", "", w).lower() for w in words]
    first = _verb_base(lowered[0])
    verb_led = first in _COMMON_VERBS or lowered[0] in _PHRASAL or _verb_shaped(lowered)
    if verb_led and len(words) > 1:
        return _clip_words(f"{_gerund(first)} {' '.join(words[1:])}", 10, 80)
    if "'" in words[0] or "’" in words[0] or first in _DETERMINERS:
        return _clip_words(_lower_first(text), 10, 80)
    if len(words) > 1 or words[0][:1].islower() or first in _KNOWN_LOWER:
        return _clip_words("the " + _lower_first(text), 10, 80)
    return f"“{_clip_words(text, 10, 80)}”"


def break_project(title: str, description: str) -> list[str]:
    """5–10 first steps for a project, deterministic and offline.

    Pin down the outcome, list what is needed, the first concrete actions (the description's
    own steps when it lists any, else actions picked by the title's words: a move, a launch, a
    renovation, a course…), then a target date and a check-in. Steps are distinct, at most 200
    characters each, and never the title itself.
    """
    low, high = BREAK_PROJECT_STEPS
    ref = _project_ref(title)
    keys = _keys_of(_clean_title(title))
    actions = next(v.steps for v in _PROJECT_STEPS if not v.keys or keys & v.keys)
    define = f"Write down what done looks like for {ref}"
    needs = f"List what {ref} needs: people, money, tools and time"
    closing = [
        f"Set a target date and a first milestone for {ref}",
        f"Schedule a check-in on {ref} for next week",
    ]
    listed = _distinct(_description_steps(description or "", None), title)
    if listed:
        # The description's own steps are the first actions, and keep all the room they need.
        middle = _merge_overflow(listed, high - 1 - len(closing))
        middle = _top_up(middle, [needs, *actions], title, low - 1 - len(closing))
    else:
        middle = [needs, *actions]
    steps = _distinct([define, *middle, *closing], title)
    steps = _top_up(steps, [needs, *actions, *_GENERIC_PROJECT_STEPS], title, low)
    return _merge_overflow(steps, high)


# --- Explain today -----------------------------------------------------------------------------
def _plural(n: int, one: str) -> str:
    return f"{n} {one}" if n == 1 else f"{n} {one}s"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Reasons come as clauses ("its deadline is tomorrow"); a capital on these words is dropped so
# the clause reads inside a sentence. Other capitals (names) stay.
_CLAUSE_STARTS: Final = _wordset(
    """it its it's this the a an you your due overdue high low medium fits quick pinned waiting
    short part has was is needs moves serves matches takes"""
)


def _clause(text: str, words: int) -> str:
    text = " ".join(text.split()).rstrip(".;,")
    first = text.split(" ", 1)[0]
    if first.lower() in _CLAUSE_STARTS and not first.isupper():
        text = text[:1].lower() + text[1:]
    return _clip_words(text, words, words * 12)


def _name(text: str, words: int) -> str:
    return "“" + _clip_words(" ".join(text.split()).rstrip(".;,"), words, words * 12) + "”"


@dataclass(frozen=True, slots=True)
class _Limits:
    title_words: int
    reasons: int
    reason_words: int
    waiting: int
    attention: int
    attention_words: int
    workload_words: int


# From roomy to tight: the first that fits 120 words is used. The last is short enough for any
# payload (under 75 words before padding), so a summary always fits.
_LIMITS: Final = (
    _Limits(12, 3, 12, 3, 3, 10, 12),
    _Limits(8, 2, 10, 3, 2, 8, 10),
    _Limits(6, 2, 8, 2, 2, 6, 8),
    _Limits(5, 1, 6, 1, 1, 5, 6),
    _Limits(4, 1, 4, 0, 1, 4, 4),
)

# Added, in order, while the facts alone are under 60 words; each is true of any plan.
_PADDING: Final = (
    "The order comes from your priorities, deadlines, energy and the time you have free.",
    "As you finish or skip tasks, the plan updates, so check back after each one.",
    "If the day changes, move what can wait and keep the first task in view.",
    "Small steps count: finishing the first task makes the rest of the day easier.",
)


def _workload_sentence(workload: str, words: int) -> str:
    """ "fits: 180 of 240 free minutes" -> "Your plan fits the time you have (180 of 240 free
    minutes)."; an unknown status is quoted as it is."""
    text = " ".join(workload.split()).rstrip(".")
    status, sep, detail = text.partition(":")
    status = status.strip().lower()
    detail = _clip_words(detail.strip(), words, words * 12)
    if sep and detail and status in ("fits", "fits well", "ok", "fine", "on track", "light"):
        return f"Your plan fits the time you have ({detail})."
    if sep and detail and status.startswith(("over", "too much")):
        return f"The day is overloaded ({detail}), so move what can wait."
    if sep and detail and status in ("tight", "full", "busy", "at capacity"):
        return f"The day is full ({detail}), so protect your focus time."
    return f"Workload: {_clip_words(text, words, words * 12)}."


def _explain(payload: Mapping[str, object], limits: _Limits) -> list[str]:
    # The payload has been through Feature.payload, so these types hold.
    today = cast(int, payload["tasks_today"])
    overdue = cast(int, payload["overdue"])
    top = cast(str | None, payload["top_task"])
    reasons = cast(list[str], payload["top_reasons"])
    can_wait = cast(list[str], payload["can_wait"])
    attention = cast(list[str], payload["attention"])
    were = "is" if overdue == 1 else "are"

    if today and overdue:
        counts = (
            f"You have {_plural(today, 'task')} on today's plan, and "
            f"{_plural(overdue, 'task')} {were} overdue."
        )
    elif today:
        counts = f"You have {_plural(today, 'task')} on today's plan and nothing overdue."
    elif overdue:
        counts = f"Nothing is planned for today, but {_plural(overdue, 'task')} {were} overdue."
    else:
        counts = "Nothing is planned for today and nothing is overdue."
    sentences = [counts]

    if top is not None and top.strip():
        why = [_clause(r, limits.reason_words) for r in reasons[: limits.reasons]]
        why = [r for r in why if r]
        if why:
            sentences.append(f"Start with {_name(top, limits.title_words)} because {_join(why)}.")
        else:
            sentences.append(
                f"Start with {_name(top, limits.title_words)}: it ranks first on today's list."
            )
    else:
        sentences.append("There is no single task to start with today.")

    if can_wait and limits.waiting:
        shown = [_name(t, limits.title_words) for t in can_wait[: limits.waiting]]
        if len(can_wait) > len(shown):
            shown.append(_plural(len(can_wait) - len(shown), "more task"))
        sentences.append(f"{_join(shown)} can wait.")
    elif can_wait:
        sentences.append(f"{_cap(_plural(len(can_wait), 'task'))} can wait.")
    else:
        sentences.append("Nothing on the list is marked as able to wait.")

    if attention:
        shown = [_clause(a, limits.attention_words) for a in attention[: limits.attention]]
        if len(attention) > len(shown):
            shown.append(_plural(len(attention) - len(shown), "more item"))
        sentences.append(f"Also worth a look: {'; '.join(shown)}.")
    else:
        sentences.append("Nothing else needs your attention.")

    sentences.append(_workload_sentence(cast(str, payload["workload"]), limits.workload_words))
    return sentences


def explain_today(payload: Mapping[str, object]) -> str:
    """A 60–120 word plain-English summary of today's plan, from the explain_today payload only.

    Names the task to start with and its reasons, how many tasks are on today and overdue,
    what can wait, what needs attention and the workload. Long titles and lists are shortened
    ("and 4 more tasks") until the text fits; a short day is rounded out with general sentences
    about how the plan works. Raises ``ValueError`` when ``payload`` does not match the
    feature's fields (the same check a provider request gets).
    """
    checked = FEATURES["explain_today"].payload(**payload)
    low, high = SUMMARY_WORDS
    for limits in _LIMITS:
        sentences = _explain(checked, limits)
        if word_count(" ".join(sentences)) <= high:
            break
    for extra in _PADDING:
        if word_count(" ".join(sentences)) >= low:
            break
        sentences.append(extra)
    return " ".join(sentences).replace("….", "…")
