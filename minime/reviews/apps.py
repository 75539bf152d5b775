from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "minime.reviews"
    label = "reviews"
    verbose_name = "Reviews"
