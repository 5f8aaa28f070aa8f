"""Attachments: what is accepted, how it is stored and served, and who may add or remove."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from smartby.accounts.models import Role
from smartby.cases.models import CaseAttachment
from tests.accounts.factories import member_create
from tests.cases.factories import case_create

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CASE_ATTACHMENT_MAX_MB = 1


@pytest.fixture
def case(oslo):
    return case_create(owner=oslo)


@pytest.fixture
def editor_client(client, oslo):
    client.force_login(member_create(organisation=oslo, role=Role.EDITOR))
    return client


def image_bytes(fmt: str = "PNG", exif: bool = False, size: tuple[int, int] = (8, 8)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCameraMaker"  # Make
        kwargs["exif"] = data.tobytes()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def upload(
    client,
    case,
    name: str,
    content: bytes,
    title: str = "A file",
    content_type: str = "application/octet-stream",
):
    return client.post(
        reverse("cases:attachment-upload", args=[case.slug]),
        {"title": title, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_pdf_is_stored_and_served_as_a_download(client, editor_client, case):
    response = upload(editor_client, case, "report.pdf", PDF, title="Final report")
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get()
    assert (attachment.kind, attachment.content_type) == ("pdf", "application/pdf")
    assert attachment.file.name.endswith(".pdf")
    assert "report" not in attachment.file.name  # a generated name
    response = client.get(reverse("cases:attachment-download", args=[case.slug, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_png_is_reencoded_without_exif_and_served_as_an_image(client, editor_client, case):
    original = image_bytes("PNG", exif=True)
    assert b"SecretCameraMaker" in original
    response = upload(editor_client, case, "photo.png", original, title="Street at night")
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get()
    stored = attachment.file.read()
    assert b"SecretCameraMaker" not in stored
    assert attachment.file.name.endswith(".png")
    response = client.get(reverse("cases:attachment-download", args=[case.slug, attachment.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    body = client.get(case.get_absolute_url()).content.decode()
    assert 'alt="Street at night"' in body


def test_jpeg_loses_its_exif(editor_client, case):
    upload(editor_client, case, "p.jpg", image_bytes("JPEG", exif=True))
    attachment = CaseAttachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    assert b"SecretCameraMaker" not in attachment.file.read()


def test_gif_is_stored_as_png(editor_client, case):
    upload(editor_client, case, "a.gif", image_bytes("GIF"))
    attachment = CaseAttachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")


def test_pdf_named_png_is_stored_as_pdf(editor_client, case):
    # Decision: the content decides what a file is, never the name.
    assert (
        upload(editor_client, case, "picture.png", PDF, content_type="image/png").status_code == 302
    )
    attachment = CaseAttachment.objects.get()
    assert attachment.kind == "pdf"
    assert attachment.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("bad.png", b"\x89PNG\r\n\x1a\nbroken"),
        ("empty.pdf", b""),
    ],
)
def test_other_content_is_refused_and_nothing_stored(editor_client, case, tmp_path, name, content):
    response = upload(editor_client, case, name, content)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not CaseAttachment.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("extra", [10, 200 * 1024])
def test_oversize_file_is_refused_before_it_is_read(editor_client, case, tmp_path, extra):
    from smartby.cases.services.attachments import attachment_max_bytes

    with translation.override("en"):
        url = reverse("cases:attachment-upload", args=[case.slug])
    content = PDF + b"0" * (attachment_max_bytes() + extra)
    response = editor_client.post(
        url, {"title": "Big", "file": SimpleUploadedFile("big.pdf", content)}
    )
    assert response.status_code == 413
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not CaseAttachment.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_service_refuses_oversize_files_too(case, oslo):
    from django.core.exceptions import ValidationError

    from smartby.cases.services.attachments import attachment_add

    editor = member_create(organisation=oslo, role=Role.EDITOR)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError):
        attachment_add(case=case, actor=editor, title="Big", upload=big)
    assert not CaseAttachment.objects.exists()


def test_huge_image_dimensions_are_refused(editor_client, case, settings):
    from smartby.cases.services import attachments

    settings.CASE_ATTACHMENT_MAX_MB = 5
    original = attachments.MAX_PIXELS
    attachments.MAX_PIXELS = 100
    try:
        response = upload(editor_client, case, "big.png", image_bytes(size=(20, 20)))
    finally:
        attachments.MAX_PIXELS = original
    assert response.status_code == 400
    assert not CaseAttachment.objects.exists()


def test_missing_title_is_refused(editor_client, case):
    response = upload(editor_client, case, "r.pdf", PDF, title="")
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert not CaseAttachment.objects.exists()


def test_non_editor_cannot_upload(client, case, oslo):
    client.force_login(member_create(organisation=oslo, role=Role.MEMBER))
    assert upload(client, case, "r.pdf", PDF).status_code == 403
    assert not CaseAttachment.objects.exists()


def test_attachment_of_a_draft_is_404_for_outsiders(client, editor_client, oslo):
    draft = case_create(owner=oslo, published=False)
    upload(editor_client, draft, "r.pdf", PDF)
    attachment = CaseAttachment.objects.get()
    client.logout()
    url = reverse("cases:attachment-download", args=[draft.slug, attachment.pk])
    assert client.get(url).status_code == 404


def test_editor_deletes_an_attachment(editor_client, case):
    upload(editor_client, case, "r.pdf", PDF)
    attachment = CaseAttachment.objects.get()
    url = reverse("cases:attachment-delete", args=[case.slug, attachment.pk])
    assert editor_client.get(url).status_code == 405
    assert editor_client.post(url).status_code == 302
    assert not CaseAttachment.objects.exists()


def test_non_editor_cannot_delete(client, editor_client, case, oslo):
    upload(editor_client, case, "r.pdf", PDF)
    attachment = CaseAttachment.objects.get()
    client.force_login(member_create(organisation=oslo, role=Role.MEMBER))
    url = reverse("cases:attachment-delete", args=[case.slug, attachment.pk])
    assert client.post(url).status_code == 403
    assert CaseAttachment.objects.exists()


def test_upload_still_checks_the_csrf_token(case, oslo):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member_create(organisation=oslo, role=Role.EDITOR))
    response = upload(client, case, "r.pdf", PDF)
    assert response.status_code == 403
    assert not CaseAttachment.objects.exists()
