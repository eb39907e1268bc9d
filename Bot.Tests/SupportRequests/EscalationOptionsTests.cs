using CoachBot.Roster;
using CoachBot.SupportRequests.Escalation;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.SupportRequests;

/// <summary>The <c>Escalation</c> section as configuration writes it: defaults, decimals, day lists, and every refusal naming its key.</summary>
public sealed class EscalationOptionsTests
{
    /// <summary>The options as the service binds and validates them, from these settings over the shipped appsettings.json.</summary>
    private static EscalationOptions Bind(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Repository.Root, "appsettings.json"))
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEscalation();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EscalationOptions>>().Value;
    }

    private static string Refusal(IDictionary<string, string?> settings) =>
        string.Join("\n", Assert.Throws<OptionsValidationException>(() => Bind(settings)).Failures);

    [Fact]
    public void TheShippedDefaultsAreSixteenAndEightBusinessHoursFromNineToSixMondayToFridayInParis()
    {
        var options = Bind();

        Assert.Equal(16m, options.AckWithinBusinessHours);
        Assert.Equal(8m, options.DirectorWithinBusinessHours);
        Assert.Equal("Europe/Paris", options.TimeZone);
        Assert.Equal(TimeSpan.FromHours(9), options.BusinessHours.StartOfDay);
        Assert.Equal(TimeSpan.FromHours(18), options.BusinessHours.EndOfDay);
        Assert.Equal(
            new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
            options.BusinessHours.WorkingDays.Order());
    }

    [Fact]
    public void TheDefaultsInCodeMatchTheShippedOnes()
    {
        var options = new EscalationOptions();

        Assert.Equal(16m, options.AckWithinBusinessHours);
        Assert.Equal(8m, options.DirectorWithinBusinessHours);
        Assert.Equal("Europe/Paris", options.TimeZone);
        Assert.Equal(TimeSpan.FromHours(9), options.BusinessHours.StartOfDay);
        Assert.Equal(TimeSpan.FromHours(18), options.BusinessHours.EndOfDay);
        Assert.Equal(5, options.BusinessHours.WorkingDays.Count);
        Assert.DoesNotContain(DayOfWeek.Saturday, options.BusinessHours.WorkingDays);
        Assert.DoesNotContain(DayOfWeek.Sunday, options.BusinessHours.WorkingDays);
    }

    [Fact]
    public void ThresholdsTakeDecimalsAndTheWholeDayIsMidnightToTwentyFour()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Escalation:AckWithinBusinessHours"] = "0.01",
            ["Escalation:DirectorWithinBusinessHours"] = "0.5",
            ["Escalation:BusinessHours:Start"] = "00:00",
            ["Escalation:BusinessHours:End"] = "24:00",
        });

        Assert.Equal(0.01m, options.AckWithinBusinessHours);
        Assert.Equal(0.5m, options.DirectorWithinBusinessHours);
        Assert.Equal(TimeSpan.Zero, options.BusinessHours.StartOfDay);
        Assert.Equal(TimeSpan.FromHours(24), options.BusinessHours.EndOfDay);
    }

    [Fact]
    public void ConfiguredDaysReplaceTheDefaultOnesWhateverTheirCase()
    {
        var options = new EscalationOptions();
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Escalation:BusinessHours:Days:0"] = "sunday",
                ["Escalation:BusinessHours:Days:1"] = "Thursday",
            })
            .Build()
            .GetSection(EscalationOptions.Section)
            .Bind(options);

        Assert.Equal(new[] { DayOfWeek.Sunday, DayOfWeek.Thursday }, options.BusinessHours.WorkingDays.Order());
    }

    [Theory]
    [InlineData("Escalation:AckWithinBusinessHours", "0", "Escalation:AckWithinBusinessHours must be more than 0")]
    [InlineData("Escalation:AckWithinBusinessHours", "-2", "Escalation:AckWithinBusinessHours must be more than 0")]
    [InlineData("Escalation:DirectorWithinBusinessHours", "0", "Escalation:DirectorWithinBusinessHours must be more than 0")]
    [InlineData("Escalation:TimeZone", "Europe/Lutece", "Escalation:TimeZone 'Europe/Lutece' is not a known IANA time zone")]
    [InlineData("Escalation:TimeZone", "", "Escalation:TimeZone '' is not a known IANA time zone")]
    [InlineData("Escalation:BusinessHours:Start", "9h", "Escalation:BusinessHours:Start '9h' is not a time of day")]
    [InlineData("Escalation:BusinessHours:Start", "24:00", "Escalation:BusinessHours:Start '24:00' is not a time of day")]
    [InlineData("Escalation:BusinessHours:End", "25:00", "Escalation:BusinessHours:End '25:00' is not a time of day")]
    [InlineData("Escalation:BusinessHours:End", "09:00", "Escalation:BusinessHours:End (09:00) must come after Escalation:BusinessHours:Start (09:00)")]
    [InlineData("Escalation:BusinessHours:End", "08:30", "Escalation:BusinessHours:End (08:30) must come after Escalation:BusinessHours:Start (09:00)")]
    [InlineData("Escalation:BusinessHours:Days:2", "Mercredi", "Escalation:BusinessHours:Days: 'Mercredi' is not an English day name")]
    public void ABadSettingIsRefusedWithAMessageNamingItsKey(string key, string value, string message)
    {
        var refusal = Refusal(new Dictionary<string, string?> { [key] = value });

        Assert.Contains(message, refusal);
    }

    [Fact]
    public void NoBusinessDayIsRefused()
    {
        var options = new EscalationOptions { BusinessHours = new BusinessHoursOptions { Days = [] } };

        var result = new EscalationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Escalation:BusinessHours:Days lists no day", result.FailureMessage);
        Assert.Throws<ArgumentException>(() => new BusinessHours(Options.Create(options), new Organization(Options.Create(new OrganizationOptions()))));
    }

    [Fact]
    public void OnlyUnknownDayNamesAreReportedAsUnknownNotAsNoDay()
    {
        var options = new EscalationOptions { BusinessHours = new BusinessHoursOptions { Days = ["Lundi"] } };

        var result = new EscalationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(["Escalation:BusinessHours:Days: 'Lundi' is not an English day name (Monday … Sunday)."], result.Failures);
    }

    [Fact]
    public void TheDefaultsPassValidation()
    {
        Assert.True(new EscalationOptionsValidator().Validate(null, new EscalationOptions()).Succeeded);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var refusal = Refusal(new Dictionary<string, string?>
        {
            ["Escalation:AckWithinBusinessHours"] = "0",
            ["Escalation:TimeZone"] = "Mars/Olympus",
            ["Escalation:BusinessHours:Days:0"] = "Funday",
        });

        Assert.Contains("AckWithinBusinessHours", refusal);
        Assert.Contains("Mars/Olympus", refusal);
        Assert.Contains("Funday", refusal);
        Assert.DoesNotContain("lists no day", refusal);
    }

    [Fact]
    public void AddingTheEscalationTwiceRegistersItOnce()
    {
        var services = new ServiceCollection();
        services.AddEscalation();
        services.AddEscalation();

        Assert.Single(services, s => s.ServiceType == typeof(BusinessHours));
        Assert.Single(services, s => s.ServiceType == typeof(IValidateOptions<EscalationOptions>));
    }

    [Fact]
    public async Task ABadEscalationSettingStopsTheServiceAtStart()
    {
        var refusal = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["Escalation:BusinessHours:End"] = "08:00" });

        Assert.Contains("Escalation:BusinessHours:End (08:00) must come after", refusal);
    }
}
