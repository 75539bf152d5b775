from django.contrib import admin
from django.urls import include, path

from config.api import api
from minime.workspaces.middleware import outside_request_transaction_urls

admin.site.site_header = "Mini Me OS operators"
admin.site.site_title = "Mini Me OS admin"

urlpatterns = [
    path("", include("minime.pages.urls")),
    path("", include("minime.core.urls")),
    path("accounts/", include("minime.accounts.urls")),
    path("accounts/", include("minime.preferences.urls")),
    path("accounts/", include("minime.yourdata.urls")),
    path("", include("minime.notifications.urls")),
    path("", include("minime.calendars.urls")),
    path("", include("minime.gmail.urls")),
    path("", include("minime.support.urls")),
    path("areas/", include("minime.areas.urls")),
    path("goals/", include("minime.goals.urls")),
    path("tasks/", include("minime.tasks.urls")),
    path("routines/", include("minime.routines.urls")),
    path("capture/", include("minime.capture.urls")),
    path("decisions/", include("minime.decisions.urls")),
    path("focus/", include("minime.focus.urls")),
    path("automations/", include("minime.automations.urls")),
    path("today/", include("minime.today.urls")),
    path("insights/", include("minime.insights.urls")),
    path("reviews/", include("minime.reviews.urls")),
    path("ai/", include("minime.ai.urls")),
    path("", include("minime.workspaces.urls")),
    path("", include("minime.activity.urls")),
    path("api/v1/", outside_request_transaction_urls(api)),
    path("admin/", admin.site.urls),
]

# An unreachable database is a 503 (minime.core.middleware.unavailable), anything else the 500.
handler500 = "minime.core.views.server_error"
