from django.urls import path

from smartby.accounts import views

app_name = "accounts"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register-done"),
    path("confirm-email/resend/", views.resend_confirmation, name="resend-confirmation"),
    path("confirm-email/<str:token>/", views.confirm_email, name="confirm-email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/done/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile-edit"),
    path("organisations/", views.my_organisations, name="my-organisations"),
    path("organisations/new/", views.organisation_register, name="organisation-register"),
    path("organisations/<slug:slug>/leave/", views.membership_leave, name="membership-leave"),
    path(
        "organisations/<slug:slug>/people/", views.organisation_people, name="organisation-people"
    ),
    path("organisations/<slug:slug>/people/add/", views.member_add, name="member-add"),
    path("organisations/<slug:slug>/people/<int:pk>/role/", views.member_role, name="member-role"),
    path(
        "organisations/<slug:slug>/people/<int:pk>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("my-data/", views.export, name="export"),
    path("delete/", views.account_delete, name="delete"),
]
