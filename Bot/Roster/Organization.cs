using Microsoft.Extensions.Options;

namespace CoachBot.Roster;

/// <summary>What changed on the roster: the snapshot that was in force and the one that is now.</summary>
public sealed record RosterChange(RosterSnapshot Before, RosterSnapshot After);

/// <summary>
/// How a feature learns that the roster changed (on this instance or, within the poll interval, on another): the
/// handler runs after the new roster is in force, one change at a time, in order. A handler that throws is logged and
/// the others still run.
/// </summary>
public interface IRosterChanges
{
    RosterSnapshot Current { get; }

    void Subscribe(Func<RosterChange, CancellationToken, Task> handler);
}

/// <summary>
/// The roster in force, indexed for look-ups by Entra object id and by e-mail/UPN: a facade over an immutable
/// <see cref="RosterSnapshot"/> that <see cref="RosterSync"/> swaps whole when the roster table changes. Look-ups are
/// in memory; no storage call per turn. Until the table is read it is the <c>Organization</c> configuration section.
/// </summary>
public sealed class Organization : IRosterChanges
{
    private readonly List<Func<RosterChange, CancellationToken, Task>> _handlers = [];
    private readonly SemaphoreSlim _swap = new(1, 1);
    private readonly ILogger? _logger;
    private volatile RosterSnapshot _current;

    public Organization(IOptions<OrganizationOptions> options) : this(options, null)
    {
    }

    public Organization(IOptions<OrganizationOptions> options, ILogger<Organization>? logger)
    {
        _current = new RosterSnapshot(options.Value, RosterVersion.Configuration);
        TrustedTenantId = string.IsNullOrWhiteSpace(options.Value.TenantId) ? null : options.Value.TenantId.Trim();
        _logger = logger;
    }

    /// <summary>
    /// The tenant whose people the bot trusts: <c>Organization:TenantId</c> as the deployment configures it, never the
    /// roster table's, which the admin routes and a restore write. Null (Development only) trusts any tenant.
    /// </summary>
    public string? TrustedTenantId { get; }

    /// <summary>True when <paramref name="tenantId"/> is empty or names the trusted tenant (GUIDs in any spelling).</summary>
    public bool KeepsTrustedTenant(string? tenantId) =>
        string.IsNullOrWhiteSpace(tenantId)
        || (TrustedTenantId is { } trusted && (Guid.TryParse(tenantId, out var given) && Guid.TryParse(trusted, out var own) ? given == own
            : string.Equals(tenantId.Trim(), trusted, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The snapshot in force: read it once when several look-ups must agree with each other.</summary>
    public RosterSnapshot Current => _current;

    public OrganizationOptions Options => _current.Options;
    public string DefaultLanguage => _current.DefaultLanguage;
    public IReadOnlyList<RosterMember> Members => _current.Members;
    public IReadOnlyDictionary<string, RegionOptions> Regions => _current.Regions;
    public IReadOnlyDictionary<string, BusinessUnitOptions> BusinessUnits => _current.BusinessUnits;
    public RosterVersion Version => _current.Version;

    /// <summary>The director's time zone (<c>Organization:Director:TimeZone</c>, default Europe/Paris), for their weekly schedules.</summary>
    public TimeZoneInfo DirectorTimeZone => _current.DirectorTimeZone;

    /// <summary>The member with this object id, else the member known only by this e-mail or UPN; null when neither is on the roster.</summary>
    public RosterMember? Find(string? aadObjectId, string? emailOrUpn) => _current.Find(aadObjectId, emailOrUpn);

    /// <summary>The member with this roster id (what feature tables key on), or null when they are no longer on the roster.</summary>
    public RosterMember? FindById(string memberId) => _current.FindById(memberId);

    /// <summary>Someone who was on the roster under this id and left (null when they are on it, or never were).</summary>
    public FormerMember? FindFormer(string memberId) => _current.Former.GetValueOrDefault(memberId);

    /// <summary>
    /// The name the roster knows this id by: the member's, else a former member's written with <paramref name="formerFormat"/>
    /// (<c>"{0} (former member)"</c>: the one rule that marks them), else empty.
    /// </summary>
    public string NameOf(string memberId, string formerFormat) =>
        FindById(memberId)?.Name ?? (FindFormer(memberId) is { } former ? string.Format(System.Globalization.CultureInfo.InvariantCulture, formerFormat, former.Name) : "");

    /// <summary>The language for a Teams locale (<c>fr-FR</c> → <c>fr</c>), else the organisation's default.</summary>
    public string LanguageForLocale(string? locale) => Languages.Normalize(locale) ?? DefaultLanguage;

    /// <summary>True when the activity's tenant is the organisation's, or no tenant is configured.</summary>
    public bool IsOwnTenant(string? tenantId) =>
        TrustedTenantId is null
        || (Guid.TryParse(tenantId, out var given) && Guid.TryParse(TrustedTenantId, out var own) && given == own);

    /// <summary>True when some member can only be matched by e-mail, so an unknown object id is worth asking Teams about.</summary>
    public bool HasMembersWithoutObjectId => _current.HasMembersWithoutObjectId;

    public void Subscribe(Func<RosterChange, CancellationToken, Task> handler)
    {
        lock (_handlers)
        {
            _handlers.Add(handler);
        }
    }

    /// <summary>
    /// Puts <paramref name="next"/> in force unless a newer roster already is, then tells the subscribers. False when it
    /// was older than or the same as the one in force.
    /// </summary>
    internal async Task<bool> ReplaceAsync(RosterSnapshot next, CancellationToken cancellationToken)
    {
        await _swap.WaitAsync(cancellationToken);
        try
        {
            var before = _current;
            if (next.Version.Number <= before.Version.Number && before.Version.Number > 0)
            {
                return false;
            }
            _current = next;
            Func<RosterChange, CancellationToken, Task>[] handlers;
            lock (_handlers)
            {
                handlers = [.. _handlers];
            }
            var change = new RosterChange(before, next);
            foreach (var handler in handlers)
            {
                try
                {
                    await handler(change, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    if (_logger is not null)
                    {
                        Log.SubscriberFailed(_logger, ex, next.Version.Number);
                    }
                }
            }
            return true;
        }
        finally
        {
            _swap.Release();
        }
    }
}
