using System.Reflection;
using System.Text.RegularExpressions;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CoachBot.Tests.Architecture;

/// <summary>Rules of the code's shape that no feature test would notice when broken.</summary>
public sealed partial class ShapeTests
{
    private static readonly Assembly Bot = typeof(TableKeys).Assembly;

    [Fact]
    public void EveryLogEventIdIsUsedOnce()
    {
        var events = Bot.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<LoggerMessageAttribute>().Select(a => (a.EventId, Method: $"{m.DeclaringType!.FullName}.{m.Name}")))
            .ToList();

        Assert.NotEmpty(events);
        var shared = events.GroupBy(e => e.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.True(shared.Count == 0, "Log event ids used more than once: " + string.Join("; ", shared));
    }

    [Fact]
    public void NoBotFrameworkTypeIsUsedOutsideTeams()
    {
        var leaks = Bot.GetTypes()
            .Where(t => t.Namespace is not { } ns || !(ns == "CoachBot.Teams" || ns.StartsWith("CoachBot.Teams.", StringComparison.Ordinal)))
            .SelectMany(t => SignatureTypes(t).Where(IsBotFramework).Select(used => $"{t.FullName} uses {used.FullName}"))
            .Distinct()
            .ToList();

        Assert.True(leaks.Count == 0, "Bot Framework types outside Bot/Teams/: " + string.Join("; ", leaks));
    }

    [Fact]
    public void NoSourceFileOutsideTeamsNamesTheBotFramework()
    {
        var bot = Repository.PathOf("Bot");
        var files = Directory.EnumerateFiles(bot, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(bot, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("Teams/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(files);
        var naming = files.Where(f => BotFrameworkName().IsMatch(File.ReadAllText(Path.Combine(bot, f)))).ToList();
        Assert.True(naming.Count == 0, "Files outside Bot/Teams/ naming Microsoft.Bot: " + string.Join(", ", naming));
    }

    [Fact]
    public void TheSignatureScanSeesABotFrameworkType()
    {
        // The rule above must be able to fail: a type of Teams/ that takes an SDK type is seen.
        Assert.Contains(Bot.GetTypes().Where(t => t.Namespace?.StartsWith("CoachBot.Teams", StringComparison.Ordinal) == true),
            t => SignatureTypes(t).Any(IsBotFramework));
        Assert.Matches(BotFrameworkName(), "using Microsoft.Bot.Builder;");
    }

    [Fact]
    public void CardJsonCrossesToTheBotFrameworkInOnePlace()
    {
        // The features' cards are System.Text.Json, the SDK's payloads Newtonsoft: one file converts, both ways.
        var bot = Repository.PathOf("Bot");
        var crossing = Directory.EnumerateFiles(bot, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(bot, f).Replace('\\', '/'), Text: File.ReadAllText(f)))
            .Where(f => !f.Path.StartsWith("obj/", StringComparison.Ordinal) && !f.Path.StartsWith("bin/", StringComparison.Ordinal))
            .Where(f => f.Text.Contains("Newtonsoft.Json", StringComparison.Ordinal) && f.Text.Contains("System.Text.Json", StringComparison.Ordinal))
            .Select(f => f.Path)
            .ToList();

        Assert.Equal(["Teams/CardMessages.cs"], crossing);
    }

    private static bool IsBotFramework(Type type) =>
        type.Assembly.GetName().Name?.StartsWith("Microsoft.Bot.", StringComparison.Ordinal) == true;

    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    /// <summary>Every type a type's declaration names: base, interfaces, fields, properties, events, parameters, returns, attributes.</summary>
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        var named = new List<Type?> { type.BaseType };
        named.AddRange(type.GetInterfaces());
        named.AddRange(type.GetCustomAttributesData().Select(a => a.AttributeType));
        named.AddRange(type.GetFields(Members).Select(f => f.FieldType));
        named.AddRange(type.GetProperties(Members).Select(p => p.PropertyType));
        named.AddRange(type.GetEvents(Members).Select(e => e.EventHandlerType));
        foreach (var method in type.GetMethods(Members).Cast<MethodBase>().Concat(type.GetConstructors(Members)))
        {
            named.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                named.Add(info.ReturnType);
            }
            named.AddRange(method.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
        }
        return named.OfType<Type>().SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }
        return type.IsGenericType ? [type, .. type.GetGenericArguments().SelectMany(Unwrap)] : [type];
    }

    [GeneratedRegex(@"\bMicrosoft\.Bot\b")]
    private static partial Regex BotFrameworkName();
}
