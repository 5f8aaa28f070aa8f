from django.utils.text import slugify

_NORDIC = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "ð": "d",
        "þ": "th",
        "Æ": "ae",
        "Ø": "o",
        "Å": "a",
        "Ä": "a",
        "Ö": "o",
        "Ü": "u",
        "Ð": "d",
        "Þ": "th",
    }
)


def slugify_nordic(text: str) -> str:
    """ASCII slug that keeps Nordic letters readable (Tromsø -> tromso, Bærum -> baerum)."""
    return slugify(text.translate(_NORDIC))
