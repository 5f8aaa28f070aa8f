"""Attachments of a case: images (re-encoded, metadata stripped) and PDFs.

What a file is comes from its content, never from its name or the declared type: a PDF
named .png is stored as a PDF (with .pdf), an HTML page named .pdf is refused. Only PNG,
JPEG, WebP and GIF images and PDFs are accepted; GIFs are stored as PNG.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from smartby.cases.models import AttachmentKind, Case, CaseAttachment

# Guard against decompression bombs: no image beyond this many pixels is decoded.
MAX_PIXELS = 40_000_000
# Pillow format -> (format to store, content type, extension)
IMAGE_OUTPUT = {
    "PNG": ("PNG", "image/png", ".png"),
    "GIF": ("PNG", "image/png", ".png"),
    "JPEG": ("JPEG", "image/jpeg", ".jpg"),
    "WEBP": ("WEBP", "image/webp", ".webp"),
}


def attachment_max_bytes() -> int:
    return int(float(settings.CASE_ATTACHMENT_MAX_MB) * 1024 * 1024)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _reencode(data: bytes) -> tuple[bytes, str, str]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            if fmt not in IMAGE_OUTPUT:
                raise _refuse(_("Only PNG, JPEG, WebP and GIF images and PDF files are accepted."))
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _refuse(_("The image has too many pixels. Make it smaller and try again."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image: Image.Image = opened
            out_format, content_type, extension = IMAGE_OUTPUT[fmt]
            if fmt == "GIF":
                image.seek(0)
            image = ImageOps.exif_transpose(image) or image
            if out_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif out_format == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                image = image.convert("RGBA")
            buffer = io.BytesIO()
            # A fresh save writes pixels only: EXIF, XMP and comments are left behind.
            image.save(buffer, format=out_format)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _refuse(
            _("Only PNG, JPEG, WebP and GIF images and PDF files are accepted.")
        ) from None
    return buffer.getvalue(), content_type, extension


def attachment_add(*, case: Case, actor: Any, title: str, upload: UploadedFile) -> CaseAttachment:
    """Store `upload` as an attachment of `case`. Refuses (ValidationError, nothing stored)
    files over the size limit and anything that is not a PDF or a PNG/JPEG/WebP/GIF image."""
    if not actor.has_perm("cases.change_case", case):
        raise PermissionDenied(_("You may not add files to this case."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Give the file a title.")]})
    if len(title) > 200:
        raise ValidationError({"title": [_("The title can have at most 200 characters.")]})
    limit = attachment_max_bytes()
    # The size the upload declares is checked before anything is read.
    if upload.size is None or upload.size > limit:
        raise _refuse(
            _("The file is larger than %(max)s MB.")
            % {"max": f"{settings.CASE_ATTACHMENT_MAX_MB:g}"}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _refuse(
            _("The file is larger than %(max)s MB.")
            % {"max": f"{settings.CASE_ATTACHMENT_MAX_MB:g}"}
        )
    if not data:
        raise _refuse(_("The file is empty."))
    if data.startswith(b"%PDF-"):
        kind, content_type, extension = AttachmentKind.PDF, "application/pdf", ".pdf"
    else:
        data, content_type, extension = _reencode(data)
        kind = AttachmentKind.IMAGE
    attachment = CaseAttachment(
        case=case,
        kind=kind,
        title=title,
        content_type=content_type,
        size=len(data),
        uploaded_by=actor,
    )
    with transaction.atomic():
        attachment.file.save(uuid.uuid4().hex + extension, ContentFile(data), save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_delete(*, attachment: CaseAttachment, actor: Any) -> None:
    if not actor.has_perm("cases.change_case", attachment.case):
        raise PermissionDenied(_("You may not remove files of this case."))
    file = attachment.file
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: file.delete(save=False))
