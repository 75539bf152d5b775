from django.urls import path

from minime.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("accounts/settings/plan/", views.plan, name="plan"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    path("data-processing/", views.data_processing, name="data_processing"),
    path("security/", views.security, name="security"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
]
