using System.Web;
using CoachBot.Digests;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.Digests;

/// <summary>The export links' signature and expiry, without the web host.</summary>
public sealed class ExportLinksTests
{
    private static readonly DateOnly From = new(2026, 10, 1);
    private static readonly DateOnly To = new(2026, 11, 30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));

    private ExportLinks Links(string key = "a-signing-key-of-at-least-32-characters", string? baseUrl = "https://coachbot.example") =>
        new(Options.Create(new DigestOptions { ExportSigningKey = key, PublicBaseUrl = baseUrl, ExportLinkLifetime = TimeSpan.FromHours(1) }), _clock);

    private static (string Dataset, string? From, string? To, string? Expires, string? Sig) Parts(Uri link)
    {
        var query = HttpUtility.ParseQueryString(link.Query);
        return (link.AbsolutePath.Split('/')[^1], query["from"], query["to"], query["expires"], query["sig"]);
    }

    private static ExportGrant? Verify(ExportLinks links, (string Dataset, string? From, string? To, string? Expires, string? Sig) p) =>
        links.Verify(p.Dataset, p.From, p.To, p.Expires, p.Sig, out _);

    [Fact]
    public void ALinkGrantsItsDatasetAndRangeUntilItsExpiryOnTheConfiguredHost()
    {
        var links = Links();
        var link = links.Create(ExportLinks.Requests, From, To)!;

        var p = Parts(link);
        var grant = links.Verify(p.Dataset, p.From, p.To, p.Expires, p.Sig, out var reason);

        Assert.Equal("https://coachbot.example/api/export/requests", link.GetLeftPart(UriPartial.Path));
        Assert.Equal(new ExportGrant(ExportLinks.Requests, From, To, _clock.GetUtcNow().AddHours(1)), grant);
        Assert.Equal("", reason);
    }

    [Fact]
    public void EachPartOfTheLinkIsCoveredByTheSignature()
    {
        var links = Links();
        var p = Parts(links.Create(ExportLinks.CheckIns, From, To)!);

        Assert.Null(Verify(links, p with { Dataset = ExportLinks.Coaching }));
        Assert.Null(Verify(links, p with { From = "2026-09-30" }));
        Assert.Null(Verify(links, p with { To = "2026-12-01" }));
        Assert.Null(Verify(links, p with { Expires = (long.Parse(p.Expires!) + 1).ToString() }));
        Assert.Null(Verify(links, p with { Sig = p.Sig![..^2] }));
        Assert.Null(Verify(links, p with { Sig = p.Sig + "AA" }));
        Assert.Null(Verify(Links(key: "another-signing-key-of-32-characters!!"), p));
        Assert.NotNull(Verify(links, p));
    }

    [Theory]
    [InlineData("everything", "2026-10-01", "2026-11-30", "1")]
    [InlineData("checkins", "01/10/2026", "2026-11-30", "1")]
    [InlineData("checkins", "2026-10-01", null, "1")]
    [InlineData("checkins", "2026-10-01", "2026-11-30", "-5")]
    [InlineData("checkins", "2026-10-01", "2026-11-30", "soon")]
    public void AMalformedLinkIsRefusedWithoutThrowing(string dataset, string? from, string? to, string? expires)
    {
        Assert.Null(Links().Verify(dataset, from, to, expires, "c2ln", out var reason));
        Assert.Equal("malformed", reason);
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("")]
    [InlineData("not base64 url")]
    public void ASignatureThatIsNotBase64UrlIsRefusedWithoutThrowing(string signature)
    {
        var p = Parts(Links().Create(ExportLinks.CheckIns, From, To)!);

        Assert.Null(Links().Verify(p.Dataset, p.From, p.To, p.Expires, signature, out var reason));
        Assert.Equal("signature", reason);
    }

    [Fact]
    public void ALinkWorksUntilTheSecondBeforeItsExpiryAndNotFromIt()
    {
        var links = Links();
        var p = Parts(links.Create(ExportLinks.CheckIns, From, To)!);

        _clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.NotNull(Verify(links, p));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(links.Verify(p.Dataset, p.From, p.To, p.Expires, p.Sig, out var reason));
        Assert.Equal("expired", reason);
    }

    [Fact]
    public void NoLinkIsMadeWithoutAPublicBaseUrl()
    {
        Assert.Null(Links(baseUrl: null).Create(ExportLinks.CheckIns, From, To));
        Assert.Null(Links(baseUrl: "not a url").Create(ExportLinks.CheckIns, From, To));
    }
}
