from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "sitrantib.benchmark"
    label = "benchmark"
    verbose_name = "Benchmark"
