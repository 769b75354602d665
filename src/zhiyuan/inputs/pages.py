"""Page numbers and row identifiers entering the platform.

``?page=99999999999999999999`` became an SQL OFFSET neither database can hold (SQLite: "Python int too
large to convert to SQLite INTEGER"; PostgreSQL: bigint out of range) and the caller got a 500. An API
list takes :class:`Pages` (a page number above :data:`PAGE_MAX` is a 422 ``invalid_input`` naming the
parameter; a page past the end is an empty page, as before), an offset list :data:`OFFSET_MAX`; a page
of the web interface uses Django's ``Paginator.get_page``, which answers the last page for a number past
the end and the first for one that is not a number.

A row identifier in a path (``/api/disputes/9223372036854775808``, ``/cases/parties/<id>/``) larger than
a 64-bit integer was the same 500 on SQLite: an API path parameter is a :data:`RowId` (422 beyond
:data:`ROW_ID_MAX`), a page's URL uses the ``<id:…>`` converter (at most 18 digits; a longer number
matches no URL: 404).
"""

from __future__ import annotations

from typing import Annotated

from django.urls import register_converter
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

#: the highest page number an API list accepts (50 rows a page: fifty million rows)
PAGE_MAX = 1_000_000
#: the highest row offset a list accepts (an offset-and-limit list such as the audit log's)
OFFSET_MAX = 1_000_000_000
#: the largest primary key either database holds (a signed 64-bit integer)
ROW_ID_MAX = 2**63 - 1


class Pages(PageNumberPagination):
    """django-ninja's page-number pagination with a bounded page number."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int | None = Field(None, ge=1)  # at most the list's max_page_size (100)


#: a row identifier in an API path
RowId = Annotated[int, Field(le=ROW_ID_MAX)]


class RowIdConverter:
    """``<id:name>`` in a page's URL: a row identifier of at most 18 digits (below :data:`ROW_ID_MAX`)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "id")
