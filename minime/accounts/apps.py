from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "minime.accounts"
    label = "accounts"
    verbose_name = "Accounts"
