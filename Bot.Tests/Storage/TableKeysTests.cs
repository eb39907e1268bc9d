using CoachBot.CheckIns;
using CoachBot.Storage;

namespace CoachBot.Tests.Storage;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("msteams/conversations/a:1", "msteams%2Fconversations%2Fa:1")]
    [InlineData("50%#?\\", "50%25%23%3F%5C")]
    [InlineData("a\u0001b\u007f", "a%01b%7F")]
    [InlineData("rep@contoso.example", "rep@contoso.example")]
    public void KeysAreEscapedForTableStorage(string key, string escaped) =>
        Assert.Equal(escaped, TableKeys.Escape(key));

    [Fact]
    public void ACheckInPartitionIsTheMemberIdEscapedAsEveryOtherKey()
    {
        const string member = "a/b\\c#d?e%f\u0002g";

        Assert.Equal("a%2Fb%5Cc%23d%3Fe%25f%02g", CheckInStore.PartitionOf(member));
        Assert.Equal(TableKeys.Escape(member), CheckInStore.PartitionOf(member));
    }
}
