using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CoachBot.Storage;

/// <summary>
/// The Bot Framework's <see cref="IStorage"/> (conversation and user state) on Azure Table Storage, with optimistic
/// concurrency: a value read from here carries the entity's ETag (as <see cref="IStoreItem.ETag"/> or, for the SDK's
/// state dictionaries, an <c>eTag</c> entry), and writing it back succeeds only if nobody wrote in between; a value
/// without an ETag is created only if nothing is stored yet; <c>"*"</c> overwrites. A lost race throws
/// <see cref="StateConflictException"/>.
/// </summary>
public sealed class TableBotStorage(Tables tables) : IStorage
{
    public const string TableName = "BotState";
    private const string ETagKey = "eTag";
    private const string JsonProperty = "Json";
    // A table string property holds at most 64 KiB of UTF-16: 32 K characters.
    private const int MaxJsonLength = 32 * 1024;

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        NullValueHandling = NullValueHandling.Include,
    });

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var table = await tables.GetAsync(TableName, cancellationToken);
        var result = new Dictionary<string, object>();
        foreach (var key in keys.Distinct())
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(EscapeKey(key), "", cancellationToken: cancellationToken);
            if (!response.HasValue || response.Value is not { } entity)
            {
                continue;
            }
            var json = JObject.Parse(entity.GetString(JsonProperty) ?? "{}");
            json[ETagKey] = entity.ETag.ToString();
            result[key] = json;
        }
        return result;
    }

    public async Task<IDictionary<string, TStoreItem>> ReadAsync<TStoreItem>(string[] keys, CancellationToken cancellationToken = default)
        where TStoreItem : class
    {
        var raw = await ReadAsync(keys, cancellationToken);
        return raw.ToDictionary(pair => pair.Key, pair => ((JObject)pair.Value).ToObject<TStoreItem>(Serializer)!);
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var table = await tables.GetAsync(TableName, cancellationToken);
        foreach (var (key, value) in changes)
        {
            var json = value is null ? new JObject() : JObject.FromObject(value, Serializer);
            var etag = (value as IStoreItem)?.ETag ?? json.Value<string>(ETagKey);
            json.Remove(ETagKey);
            var text = json.ToString(Formatting.None);
            if (text.Length > MaxJsonLength)
            {
                throw new InvalidOperationException($"State '{key}' is {text.Length} characters; Table Storage holds at most {MaxJsonLength}.");
            }

            var entity = new TableEntity(EscapeKey(key), "") { [JsonProperty] = text };
            Response response;
            try
            {
                // No ETag: a value never read from here, so it must be new (two first turns must not both win).
                // "*": the caller asks to overwrite whatever is there.
                response = etag switch
                {
                    null or "" => await table.AddEntityAsync(entity, cancellationToken),
                    "*" => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken),
                    _ => await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken),
                };
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                // 409: someone created it first. 412: someone wrote since we read. 404: someone deleted it since we read.
                throw new StateConflictException(key, ex);
            }

            // The caller's object now matches what is stored: a second save in the same turn must not conflict with the first.
            var written = response.Headers.ETag?.ToString();
            switch (value)
            {
                case IStoreItem item:
                    item.ETag = written;
                    break;
                case IDictionary<string, object> state:
                    state[ETagKey] = written!;
                    break;
                case JObject state:
                    state[ETagKey] = written;
                    break;
            }
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var table = await tables.GetAsync(TableName, cancellationToken);
        foreach (var key in keys)
        {
            await table.DeleteEntityAsync(EscapeKey(key), "", ETag.All, cancellationToken);
        }
    }

    /// <summary>
    /// State keys look like <c>msteams/conversations/a:1xyz</c>; Table Storage forbids / \ # ? and control characters
    /// in keys, so those (and the escape character itself) are written as %XX.
    /// </summary>
    internal static string EscapeKey(string key)
    {
        var builder = new StringBuilder(key.Length + 16);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}

/// <summary>A state write lost the optimistic-concurrency race: the stored value changed since it was read.</summary>
public sealed class StateConflictException(string key, Exception inner)
    : Exception($"The stored state '{key}' changed since it was read; the write was refused.", inner)
{
    public string Key { get; } = key;
}
