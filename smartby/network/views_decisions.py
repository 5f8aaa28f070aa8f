"""Decision pages (proposal, voting, result, audit trail) and theme priorities."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartby.network import selectors
from smartby.network.forms import DecisionForm, PriorityRoundForm, RankingForm, VoteForm
from smartby.network.models import Decision, PriorityRound
from smartby.network.services import decisions as decision_service
from smartby.network.services import priorities as priority_service
from smartby.network.views_common import add_service_errors, network_or_404


@require_http_methods(["GET", "POST"])
def decision_list(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_or_404(slug)
    can_manage = request.user.has_perm("network.manage_decisions", network)
    form = DecisionForm(request.POST or None, network=network) if can_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "options"}
            try:
                decision = decision_service.decision_create(
                    actor=request.user, options=form.option_pairs(), **data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The decision was prepared as a draft."))
                return redirect(decision.get_absolute_url())
    decisions = selectors.decision_list(network=network, viewer=request.user)
    return render(
        request,
        "network/decision_list.html",
        {"network": network, "decisions": decisions, "form": form, "nav": "networks"},
        status=status,
    )


def _decision(request: HttpRequest, slug: str, pk: int) -> Decision:
    try:
        return selectors.decision_get(network_slug=slug, pk=pk, viewer=request.user)
    except Decision.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, slug, pk)
    now = timezone.now()
    voting_open = (
        decision.status == Decision.Status.OPEN and decision.opens_at <= now < decision.closes_at
    )
    organisations = decision_service.may_vote_for(request.user, decision) if voting_open else []
    form = VoteForm(request.POST or None, decision=decision, organisations=organisations)
    status = 200
    if request.method == "POST":
        status = 400
        if not voting_open:
            messages.error(
                request,
                _("Voting on this decision has closed; votes can no longer change.")
                if decision.status == Decision.Status.CLOSED or now >= decision.closes_at
                else _("Voting on this decision has not opened yet."),
            )
            status = 409
        elif not organisations:
            raise PermissionDenied(_("Only a member's representative or deputy may vote."))
        elif form.is_valid():
            try:
                decision_service.vote_cast(
                    decision=decision,
                    organisation=form.cleaned_data["organisation"],
                    option=form.cleaned_data["option"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The vote of %(org)s was recorded. You can change it until voting closes.")
                    % {"org": form.cleaned_data["organisation"].name},
                )
                return redirect(decision.get_absolute_url())
    closed = decision.status == Decision.Status.CLOSED
    options = list(decision.options.all())
    votes = {row["id"]: row["votes"] for row in decision.tally.get("options", [])} if closed else {}
    return render(
        request,
        "network/decision_detail.html",
        {
            "network": decision.body.network,
            "decision": decision,
            "voting_open": voting_open,
            "form": form if organisations else None,
            "closed": closed,
            "results": [(o, votes.get(o.pk, 0)) for o in options] if closed else [],
            "electorate": selectors.decision_electorate(decision=decision)
            if decision.status != Decision.Status.DRAFT
            else [],
            "audit": selectors.decision_audit(decision=decision),
            "can_manage": request.user.has_perm("network.manage_decisions", decision.body.network),
            "nav": "networks",
        },
        status=status,
    )


@require_POST
def decision_open_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, slug, pk)
    try:
        size = decision_service.decision_open(decision=decision, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Voting is open; the electorate is fixed at %(n)s members.") % {"n": size}
        )
    return redirect(decision.get_absolute_url())


@require_POST
def decision_close_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, slug, pk)
    if not request.user.has_perm("network.manage_decisions", decision.body.network):
        raise PermissionDenied
    try:
        decision_service.decision_close(decision=decision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The votes were counted."))
    return redirect(decision.get_absolute_url())


# Theme priorities


@require_http_methods(["GET", "POST"])
def priority_list(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_or_404(slug)
    can_manage = request.user.has_perm("network.manage_decisions", network)
    form = PriorityRoundForm(request.POST or None) if can_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                rnd = priority_service.priority_round_create(
                    network=network,
                    actor=request.user,
                    title_nb=form.cleaned_data["title_nb"],
                    title_en=form.cleaned_data["title_en"],
                    closes_at=form.cleaned_data["closes_at"],
                    candidates=form.candidate_pairs(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The members can now rank the themes."))
                return redirect(rnd.get_absolute_url())
    return render(
        request,
        "network/priority_list.html",
        {
            "network": network,
            "rounds": selectors.priority_rounds(network=network),
            "form": form,
            "nav": "networks",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def priorities(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    try:
        rnd = selectors.priority_round_get(network_slug=slug, pk=pk)
    except PriorityRound.DoesNotExist as exc:
        raise Http404 from exc
    candidates = list(rnd.candidates.all())
    is_open = rnd.status == PriorityRound.Status.OPEN and timezone.now() < rnd.closes_at
    organisations = priority_service.may_rank_for(request.user, rnd) if is_open else []
    form = (
        RankingForm(request.POST or None, candidates=candidates, organisations=organisations)
        if organisations
        else None
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form is None:
            if is_open:
                raise PermissionDenied(_("Only a member's representative or deputy may rank."))
            messages.error(request, _("Ranking in this round has closed."))
            status = 409
        elif form.is_valid():
            try:
                priority_service.priority_rank(
                    rnd=rnd,
                    organisation=form.cleaned_data["organisation"],
                    ranking=form.cleaned_data["ranking"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The ranking of %(org)s was saved.")
                    % {"org": form.cleaned_data["organisation"].name},
                )
                return redirect(rnd.get_absolute_url())
    ballots = selectors.priority_ballots(rnd=rnd)
    # The result is shown once the round has closed, so early rankings do not sway later ones.
    result = [] if is_open else priority_service.borda(candidates, [b.ranking for b in ballots])
    return render(
        request,
        "network/priorities.html",
        {
            "network": rnd.network,
            "round": rnd,
            "is_open": is_open,
            "form": form,
            "ballots": ballots,
            "result": result,
            "n": len(candidates),
            "can_create_workgroup": request.user.has_perm("network.manage_members", rnd.network),
            "nav": "networks",
        },
        status=status,
    )
