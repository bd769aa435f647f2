"""The monthly PDF report: rendered by WeasyPrint, its text read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from naervaer.insight.report import report_pdf, report_selection
from naervaer.metrics.services import cube_refresh
from naervaer.organisation.services import settings_update
from tests.factories import make_org

AS_OF = dt.date(2024, 12, 31)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    org = make_org()
    cube_refresh(as_of=AS_OF, full=True)
    return org


def test_report_has_front_page_figures_and_sections(org):
    text = pdf_text(report_pdf(org.sol, report_selection(dt.date(2024, 3, 1)), persons=True))
    assert "Sygefravær – Plejecenter Solgården" in text
    assert "Månedsrapport for marts 2024" in text
    assert "Sygefravær i procent" in text and "Rullende 12 mdr." in text
    assert "Underenheder" in text and "Team Solgården A" in text
    assert "Personalegrupper" in text and "Udvikling" in text
    for name in ("Anna", "Carl"):
        assert name not in text


def test_report_suppresses_small_groups_for_aggregated_readers(org):
    text = pdf_text(report_pdf(org.sol, report_selection(dt.date(2024, 3, 1)), persons=False))
    assert "Færre end 5 medarbejdere" in text
    settings_update(small_group_threshold=2)
    text = pdf_text(report_pdf(org.sol, report_selection(dt.date(2024, 3, 1)), persons=False))
    assert "Færre end 2 medarbejdere" not in text


def test_quarter_report(org):
    text = pdf_text(report_pdf(org.sol, report_selection(dt.date(2024, 2, 1), quarter=True),
                               persons=True))
    assert "Kvartalsrapport 1. januar 2024 – 31. marts 2024" in text


def test_command_writes_the_pdf(org, tmp_path):
    out = tmp_path / "rapport.pdf"
    stdout = io.StringIO()
    call_command("report", "--unit", "SOL", "--month", "2024-03", "--out", str(out), stdout=stdout)
    assert "Plejecenter Solgården" in pdf_text(out.read_bytes())
    assert "bytes" in stdout.getvalue()


@pytest.mark.parametrize(("args", "message"), [
    (["--unit", "NOPE", "--month", "2024-03"], "no unit with unit_id 'NOPE'"),
    (["--unit", "SOL", "--month", "2024-13"], "is not a month"),
    (["--unit", "SOL", "--month", "2010-01"], "the figures cover"),
    (["--unit", "SOL", "--month", "2024-03", "--user", "ghost"], "no user 'ghost'"),
    (["--unit", "SKO", "--month", "2024-03", "--user", "leder"], "may not see unit SKO"),
])
def test_command_rejects_bad_input_clearly(org, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_download_button_gives_a_pdf_for_the_selection(org, client):
    client.force_login(org.leader)
    page = client.get(reverse("unit-detail", args=["SOL"]) + "?art=month&periode=2024-03")
    link = reverse("unit-report", args=["SOL"])
    assert link in page.content.decode()
    response = client.get(link + "?art=month&periode=2024-03")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "Månedsrapport for marts 2024" in pdf_text(response.content)


def test_download_outside_scope_is_refused(org, client):
    client.force_login(org.leader)
    assert client.get(reverse("unit-report", args=["SKO"])).status_code == 403
