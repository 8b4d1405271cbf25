"""Where facts come from."""

from __future__ import annotations

import attrs

from gloact_model.model._checks import Checked, Checker
from gloact_model.model.actors import check_url
from gloact_model.model.dates import PartialDate
from gloact_model.model.relations import refers_to
from gloact_model.model.vocabulary import SourceKind

__all__ = ["Source"]


@attrs.frozen(kw_only=True)
class Source(Checked):
    """A document that records cite for their facts: a press release, a report, a page.

    Every record can list the sources it comes from in `source_ids`, and two
    sources may describe the same event. `publisher_id` is the organisation that
    published it, where the source says so.
    """

    id: str
    kind: SourceKind
    title: str
    url: str | None = None
    publisher_id: str | None = attrs.field(default=None, metadata=refers_to("organisations"))
    published: PartialDate | None = None
    """The publication date, to the precision that the source gives."""
    description: str | None = None

    def _check(self, checker: Checker) -> None:
        checker.id("id", self.id)
        checker.line("title", self.title)
        check_url(checker, "url", self.url)
        checker.id("publisher_id", self.publisher_id)
        checker.text("description", self.description)
