"""Default agendas per conversation kind (Danish; the leader edits them per meeting).
Drawn from the seeds: a clear aim sent in advance, the return to work in focus,
never the diagnosis."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from naervaer.cases.models import ConversationKind

AGENDAS = {
    ConversationKind.SICKNESS: _(
        "1. Formål med samtalen (sygefraværssamtale efter sygedagpengeloven § 7a)\n"
        "2. Hvordan går det – hvad forventer medarbejderen om tilbagevenden?\n"
        "3. Hvad kan arbejdspladsen gøre: ændrede opgaver, arbejdstid, skånehensyn\n"
        "4. Delvis raskmelding, mulighedserklæring eller fastholdelsesplan?\n"
        "5. Aftaler om kontakt frem til næste samtale\n"
        "6. Opsamling og næste samtale"),
    ConversationKind.PRESENCE: _(
        "1. Formål: nærvær og tilbagevenden, ikke sygdommen\n"
        "2. Hvad kan medarbejderen – hvilke opgaver kan løses nu?\n"
        "3. Plan for gradvis tilbagevenden (timer pr. uge, opgaver)\n"
        "4. Behov for støtte: § 56, mentor, hjælpemidler, fastholdelseskonsulent\n"
        "5. Kan der udarbejdes en fastholdelsesplan?\n"
        "6. Aftaler og dato for opfølgning"),
    ConversationKind.FOLLOWUP: _(
        "1. Status siden sidst: hvordan er aftalerne blevet holdt?\n"
        "2. Planlagte og faktiske timer i tilbagevendingsplanen\n"
        "3. Skal planen eller skånehensynene justeres?\n"
        "4. Nye aftaler og næste opfølgning"),
    ConversationKind.WELLBEING: _(
        "1. Formål: en omsorgs- og trivselssamtale før et eventuelt fravær\n"
        "2. Hvordan trives medarbejderen i arbejdet?\n"
        "3. Forhold på arbejdspladsen: arbejdstid, opgaver, samarbejde\n"
        "4. Hvad kan vi gøre – aftaler der kan øge trivslen\n"
        "5. Opfølgning"),
}


def agenda_for(kind: str) -> str:
    return str(AGENDAS.get(kind, AGENDAS[ConversationKind.SICKNESS]))  # type: ignore[call-overload]
