using System.ComponentModel.DataAnnotations;

namespace CoachBot.Teams.Delivery;

/// <summary>How fast and how stubbornly proactive messages go out. Teams' per-conversation limits are fixed (<see cref="TeamsSendLimits"/>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Sends per second for the whole tenant, shared by everything this process sends. Teams allows 50 per app per tenant.</summary>
    [Range(1, 10_000)]
    public int TenantSendsPerSecond { get; set; } = 50;

    /// <summary>Sends in flight at once in this process.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentSends { get; set; } = 32;

    /// <summary>Retries of one send after a throttle (429) or a transient failure (412, 502, 503, 504, network, timeout).</summary>
    [Range(1, 20)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>First delay of the exponential backoff used when Teams gives no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait before one retry. A send Teams asks to retry later than this (Retry-After) is not retried early:
    /// it is recorded as a retryable failure, and the next run of the campaign sends it.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one HTTP attempt may take.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A claim older than this belongs to an instance that died: another run may take it over (and resend).
    /// Must exceed the longest a live owner can hold a claim, i.e. every attempt and every retry delay.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest one recipient's send can take, attempts and retry delays together.</summary>
    internal TimeSpan LongestSend => SendTimeout * (MaxRetries + 1) + MaxRetryDelay * MaxRetries;
}
