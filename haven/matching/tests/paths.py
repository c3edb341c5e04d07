from pathlib import Path

# The contract's example instance, copied into the repository (see data/README.md).
EXAMPLE_INSTANCE = Path(__file__).resolve().parent / "data" / "example-instance.json"
# The contract itself, beside the checkout when it is there (developers' machines, CI).
SHARED_EXAMPLE = Path(__file__).resolve().parents[4] / "shared" / "matching" / "example-instance.json"
