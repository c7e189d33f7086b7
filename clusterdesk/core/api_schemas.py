"""What every router of the JSON API shares: text without NUL, error bodies and pages.

Each app's schemas import these, so every endpoint declares its errors the same way
(`response={200: Out, **READ_ERRORS}`) and the OpenAPI document lists them all.
"""

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    return value


# Text without NUL; each field gives its length with `Field(max_length=…)`.
Text = Annotated[str, AfterValidator(_no_nul)]
Username = Annotated[Text, Field(max_length=150)]


# --- errors and pages, shared by every router ------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int] = Field(description='Where: `["body", "field"]`, `["query", "page"]`…')
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


class ConflictOut(Schema):
    detail: str
    current_version: int | None = Field(description="The record's version now; null if deleted.")


AUTH_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut}
READ_ERRORS: dict[int, Any] = {**AUTH_ERRORS, 404: ErrorOut, 422: ValidationErrorOut}
# 400: a body that is not JSON at all; 409: the record changed since the version sent.
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, **READ_ERRORS, 409: ConflictOut}


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(25, ge=1, le=200, description="Records per page, at most 200.")


class PageOut(Schema):
    count: int = Field(description="Records matching the filters, on every page.")
    page: int
    page_size: int
