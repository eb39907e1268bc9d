using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.SupportRequests.Escalation;
using Microsoft.Extensions.Options;

namespace CoachBot.SupportRequests;

/// <summary>
/// The escalation ladder: BU leads → director → the sponsor of the rep's region. Its steps run on durable timers
/// (ack within <c>Escalation:AckWithinBusinessHours</c>, director within <c>Escalation:DirectorWithinBusinessHours</c>,
/// both counted in the BU's business hours; a commitment date passing without delivery); each step re-reads the
/// request and moves it only while it still applies, with one ETag-conditional write, so a step fired twice or on two
/// instances happens once. Acknowledging, delivering, declining, closing or withdrawing cancels what is pending.
/// </summary>
public sealed class EscalationLadder(
    SupportRequestStore store,
    SupportRequestCampaigns campaigns,
    RequestCalendar calendar,
    BusinessHours businessHours,
    DurableTimers timers,
    IOptions<EscalationOptions> options,
    TimeProvider clock,
    ILogger<EscalationLadder> logger)
{
    public const string AckTimer = "request-ack";
    public const string DirectorTimer = "request-director";
    public const string CommitmentTimer = "request-commitment";

    /// <summary>A new request: the BU has until the ack threshold, in its business hours, to acknowledge it.</summary>
    public Task StartAsync(SupportRequest request, CancellationToken cancellationToken) =>
        timers.ScheduleAsync(AckTimer, request.Reference, DueIn(request, request.OpenedAt, options.Value.AckWithinBusinessHours), request.Reference, cancellationToken);

    /// <summary>The timers a stored change starts, moves or stops.</summary>
    public async Task OnChangedAsync(SupportRequest before, SupportRequest after, CancellationToken cancellationToken)
    {
        var last = after.Trail[^1];
        if (after.IsFinished)
        {
            await StopAsync(after.Reference, cancellationToken);
            return;
        }
        switch (last.Action)
        {
            case RequestAction.Acknowledged:
                // Acknowledging stops the ladder; the commitment date restarts it if it passes without delivery.
                await timers.CancelAsync(AckTimer, after.Reference, cancellationToken);
                await timers.CancelAsync(DirectorTimer, after.Reference, cancellationToken);
                await timers.ScheduleAsync(CommitmentTimer, after.Reference, calendar.EndOfDay(after.BusinessUnitId, after.CommitmentDate!.Value),
                    after.Reference, cancellationToken);
                break;
            case RequestAction.EscalatedToDirector:
            case RequestAction.Nudged when after.Escalation == EscalationLevel.Director && last.ActorMemberId is not null:
                // The director has the request (again, after a nudge of theirs): the sponsor gets it if nothing moves in time.
                await timers.ScheduleAsync(DirectorTimer, after.Reference, DueIn(after, last.At, options.Value.DirectorWithinBusinessHours),
                    after.Reference, cancellationToken);
                break;
            case RequestAction.EscalatedToSponsor:
                await timers.CancelAsync(DirectorTimer, after.Reference, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Nobody acknowledged in time, or the commitment date passed without delivery: the director gets the escalation
    /// card. Null when the request no longer needs it.
    /// </summary>
    public Task<SupportRequest?> EscalateToDirectorAsync(string reference, CancellationToken cancellationToken) =>
        ChangeAsync(reference, r => NeedsEscalation(r) && r.Escalation == EscalationLevel.None
            ? r.With(RequestAction.EscalatedToDirector, r.State, null, clock.GetUtcNow(), null) with { Escalation = EscalationLevel.Director }
            : null, cancellationToken);

    /// <summary>The director did nothing in time: the sponsor of the rep's region gets it. Null when the request no longer needs it.</summary>
    public Task<SupportRequest?> EscalateToSponsorAsync(string reference, CancellationToken cancellationToken) =>
        ChangeAsync(reference, r => NeedsEscalation(r) && r.Escalation == EscalationLevel.Director
            ? r.With(RequestAction.EscalatedToSponsor, r.State, null, clock.GetUtcNow(), null) with { Escalation = EscalationLevel.Sponsor }
            : null, cancellationToken);

    /// <summary>
    /// The commitment date passed: to the director if the request had not climbed yet; if the director already holds it,
    /// their own time-out starts again.
    /// </summary>
    public async Task<SupportRequest?> CommitmentPassedAsync(string reference, CancellationToken cancellationToken)
    {
        if (await EscalateToDirectorAsync(reference, cancellationToken) is { } escalated)
        {
            return escalated;
        }
        if ((await store.GetAsync(reference, cancellationToken))?.Request is { Escalation: EscalationLevel.Director } held && NeedsEscalation(held))
        {
            await timers.ScheduleAsync(DirectorTimer, reference, DueIn(held, clock.GetUtcNow(), options.Value.DirectorWithinBusinessHours), reference, cancellationToken);
        }
        return null;
    }

    /// <summary>Still unanswered, or acknowledged with a commitment date that has passed without delivery.</summary>
    public bool NeedsEscalation(SupportRequest request) => request.State switch
    {
        RequestState.Open => true,
        RequestState.Acknowledged => request.CommitmentDate is { } date && clock.GetUtcNow() >= calendar.EndOfDay(request.BusinessUnitId, date),
        _ => false,
    };

    private DateTimeOffset DueIn(SupportRequest request, DateTimeOffset from, decimal businessHoursLater) =>
        businessHours.DueAt(from, businessHoursLater, businessHours.ZoneFor(request.BusinessUnitId));

    private async Task StopAsync(string reference, CancellationToken cancellationToken)
    {
        foreach (var kind in (string[])[AckTimer, DirectorTimer, CommitmentTimer])
        {
            await timers.CancelAsync(kind, reference, cancellationToken);
        }
    }

    private async Task<SupportRequest?> ChangeAsync(string reference, Func<SupportRequest, SupportRequest?> change, CancellationToken cancellationToken)
    {
        return await Optimistic.ChangeAsync<SupportRequest?>(async () =>
        {
            var stored = await store.GetAsync(reference, cancellationToken);
            if (stored is null || change(stored.Request) is not { } changed)
            {
                Log.LadderStepSkipped(logger, reference);
                return null;
            }
            if (!await store.TryReplaceAsync(changed, stored, cancellationToken))
            {
                return Optimistic.Lost;
            }
            Log.Changed(logger, stored.Request, changed);
            await OnChangedAsync(stored.Request, changed, cancellationToken);
            await campaigns.OnChangedAsync(stored.Request, changed, cancellationToken);
            return changed;
        }, $"Request {reference} kept changing while the ladder moved it.");
    }
}

/// <summary>One rung of the ladder as a durable timer kind; the timer's key is the request's reference.</summary>
public sealed class LadderTimerHandler(string kind, Func<string, CancellationToken, Task<SupportRequest?>> step) : ITimerHandler
{
    public string Kind => kind;

    public Task HandleAsync(TimerFired timer, CancellationToken cancellationToken) => step(timer.Key, cancellationToken);
}
