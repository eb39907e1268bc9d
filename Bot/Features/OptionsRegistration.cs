using Microsoft.Extensions.Options;

namespace CoachBot.Features;

/// <summary>How every part of the service registers its settings (STYLE.md: bound, validated, checked at start).</summary>
public static class OptionsRegistration
{
    /// <summary>
    /// <typeparamref name="TOptions"/> bound from the configuration section <paramref name="section"/>, its data
    /// annotations checked, and checked when the service starts, so bad configuration stops it with a clear message
    /// instead of failing the first user. Rules of its own follow as <c>.Validate(...)</c>.
    /// </summary>
    public static OptionsBuilder<TOptions> AddCheckedOptions<TOptions>(this IServiceCollection services, string section) where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>
    /// The answer for a setting the local run may leave out but a deployment needs: success in Development, else the
    /// failure <paramref name="message"/>, which says what to set.
    /// </summary>
    public static ValidateOptionsResult RequiredOutsideDevelopment(IHostEnvironment environment, string message) =>
        environment.IsDevelopment() ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(message);
}
