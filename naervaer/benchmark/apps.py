from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    """Benchmarking adjusted for framework conditions (spec/benchmark.md): the editable
    national reference rates, the `benchmark` command and the benchmark page. The model
    itself is pure and lives in naervaer.core.benchmark."""

    name = "naervaer.benchmark"
    label = "benchmark"
    default_auto_field = "django.db.models.BigAutoField"
