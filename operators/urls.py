from django.urls import path

from operators import views

app_name = "operators"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("upload/", views.declaration_upload, name="declaration_upload"),
    path("upload/confirm/", views.declaration_upload_confirm, name="declaration_upload_confirm"),
    path(
        "upload/template.<str:extension>",
        views.declaration_upload_template,
        name="declaration_upload_template",
    ),
    path("sites/<int:site_id>/open/", views.site_quarters_page, name="site_quarters"),
    path(
        "sites/<int:site_id>/<int:year>/q<int:quarter>/",
        views.declaration_page,
        name="declaration",
    ),
    path(
        "sites/<int:site_id>/<int:year>/q<int:quarter>/history/",
        views.declaration_history,
        name="declaration_history",
    ),
]
