"""Account pages of operator staff (log in, log out, password change and reset) in the portal's
look. Their templates live under templates/accounts/, not registration/, so that the admin keeps
its own password and log-out pages for officials. Names are unnamespaced: Django's auth views
reverse them so."""

from django.contrib.auth import views as auth_views
from django.urls import path

from operators.forms import QueuedPasswordResetForm


def page(view, template: str, **kwargs):
    return view.as_view(template_name=f"accounts/{template}", **kwargs)


urlpatterns = [
    path("login/", page(auth_views.LoginView, "login.html"), name="login"),
    path("logout/", page(auth_views.LogoutView, "logged_out.html"), name="logout"),
    path(
        "password_change/",
        page(auth_views.PasswordChangeView, "password_change_form.html"),
        name="password_change",
    ),
    path(
        "password_change/done/",
        page(auth_views.PasswordChangeDoneView, "password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        page(
            auth_views.PasswordResetView,
            "password_reset_form.html",
            form_class=QueuedPasswordResetForm,
            email_template_name="accounts/password_reset_email.html",
            subject_template_name="accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        page(auth_views.PasswordResetDoneView, "password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        page(auth_views.PasswordResetConfirmView, "password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        page(auth_views.PasswordResetCompleteView, "password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
