"""执源 (zhiyuan): an open platform for Chinese courts' enforcement source governance."""

__version__ = "0.1.0"
