from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Realistic demo data for Almaty, Astana and Bishkek. Has no models."""

    name = "haven.demo"
    label = "demo"
