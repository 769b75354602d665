"""placeholder"""


def register() -> None:
    """Declare the report job's handler."""
