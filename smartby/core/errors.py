"""Domain exceptions shared by every app; the web and API layers map them to messages/4xx."""

from django.utils.translation import gettext_lazy as _


class ConflictError(Exception):
    """The version a person edited is no longer the current one."""

    default_message = _(
        "Someone else saved a change while you were editing. Reload the page to see it, "
        "then make your change again."
    )

    def __init__(self, message: str | None = None) -> None:
        self.message = str(message or self.default_message)
        super().__init__(self.message)
