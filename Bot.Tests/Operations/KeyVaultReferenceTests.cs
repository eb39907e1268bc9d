using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Operations;

/// <summary>A Key Vault reference App Service could not resolve reaches the service as its own text: refused at start.</summary>
public sealed class KeyVaultReferenceTests
{
    [Theory]
    [InlineData("Admin:ApiKey")]
    [InlineData("Digests:ExportSigningKey")]
    [InlineData("MicrosoftAppPassword")]
    public async Task TheServiceRefusesToStartWithAnUnresolvedReference(string key)
    {
        var refusal = await BotApp.RefusalAsync(new Dictionary<string, string?>
        {
            [key] = "@Microsoft.KeyVault(VaultName=kvcoachbotabc;SecretName=some-secret)",
        });

        Assert.Contains($"{key} is still a Key Vault reference", refusal);
    }

    [Fact]
    public async Task AResolvedSecretStarts()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "a-resolved-secret-value-0123456789" });

        Assert.True((await bot.Http.GetAsync("/healthz")).IsSuccessStatusCode);
    }
}
