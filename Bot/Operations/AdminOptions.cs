using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CoachBot.Operations;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Outside Development a key shorter than this stops the service: the routes run jobs that message everyone.</summary>
    public const int MinKeyLength = 32;

    /// <summary>The value of the <c>X-Admin-Key</c> header the admin routes require. Empty: the routes do not exist (404).</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Outside Development, a configured admin key must be at least <see cref="AdminOptions.MinKeyLength"/> characters.</summary>
public sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        !string.IsNullOrEmpty(options.ApiKey) && options.ApiKey.Length < AdminOptions.MinKeyLength && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                $"Admin:ApiKey has {options.ApiKey.Length} characters; outside Development it needs at least {AdminOptions.MinKeyLength} " +
                "(for example `openssl rand -hex 32`), or leave it empty to turn the admin routes off.")
            : ValidateOptionsResult.Success;
}

/// <summary>
/// Failed admin-key attempts per caller address: after <see cref="FailuresPerWindow"/> in <see cref="Window"/>, every
/// admin request from that address gets 429 until the window ends, the right key included, so guessing costs time.
/// </summary>
public sealed class AdminKeyAttempts : IDisposable
{
    public const int FailuresPerWindow = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = FailuresPerWindow,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>True when the address has failed too often lately.</summary>
    public bool IsLockedOut(string address)
    {
        using var probe = _failures.AttemptAcquire(address, 0);
        return !probe.IsAcquired;
    }

    public void Failed(string address)
    {
        using var _ = _failures.AttemptAcquire(address, 1);
    }

    public void Dispose() => _failures.Dispose();
}
