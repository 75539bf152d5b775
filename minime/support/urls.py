from django.urls import path

from minime.support import views

app_name = "support"
urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/sent/", views.contact_sent, name="sent"),
]
