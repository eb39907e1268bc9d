using System.Reflection;
using Azure.Data.Tables;

namespace CoachBot.Storage;

/// <summary>
/// Azure Table Storage's limits on one entity, checked before a write. Azurite does not enforce them, so without this
/// check every test passes and Azure refuses the write: a string or binary property over 64 KiB (strings are UTF-16:
/// 32,768 characters), an entity over 1 MiB, more than 255 properties (PartitionKey, RowKey and Timestamp included), a
/// key over 1 KiB. Sizes follow Azure's own formula: 4 bytes, plus the keys in UTF-16, plus per property 8 bytes, its
/// name in UTF-16 and its value.
/// </summary>
public static class TableLimits
{
    public const int MaxPropertyBytes = 64 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxProperties = 255;
    public const int MaxKeyBytes = 1024;

    // PartitionKey, RowKey and Timestamp count among the 255.
    private const int SystemProperties = 3;

    /// <summary>Throws <see cref="TableLimitException"/>, naming the table, key and property, when Azure would refuse the entity.</summary>
    public static void Check(string table, ITableEntity entity)
    {
        if (Problem(entity) is { } problem)
        {
            throw new TableLimitException($"Table {table}, entity '{entity.PartitionKey}'/'{entity.RowKey}': {problem}");
        }
    }

    /// <summary>Why Azure would refuse the entity, or null when it fits.</summary>
    public static string? Problem(ITableEntity entity)
    {
        var partitionBytes = 2L * (entity.PartitionKey?.Length ?? 0);
        var rowBytes = 2L * (entity.RowKey?.Length ?? 0);
        if (partitionBytes > MaxKeyBytes || rowBytes > MaxKeyBytes)
        {
            return "a key over 1 KiB";
        }
        var size = 4 + partitionBytes + rowBytes;
        var count = SystemProperties;
        foreach (var (name, value) in Properties(entity))
        {
            var bytes = ValueBytes(value);
            if (bytes is null)
            {
                continue;
            }
            if (bytes > MaxPropertyBytes)
            {
                return $"property {name} holds {bytes} bytes, over the 64 KiB a property may hold";
            }
            count++;
            size += 8 + 2L * name.Length + bytes.Value;
        }
        if (count > MaxProperties)
        {
            return $"{count} properties, over the 255 an entity may have";
        }
        return size > MaxEntityBytes ? $"{size} bytes, over the 1 MiB an entity may hold" : null;
    }

    private static IEnumerable<(string Name, object? Value)> Properties(ITableEntity entity)
    {
        if (entity is TableEntity dictionary)
        {
            foreach (var (name, value) in dictionary)
            {
                if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                {
                    yield return (name, value);
                }
            }
            yield break;
        }
        foreach (var property in entity.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name is not ("PartitionKey" or "RowKey" or "Timestamp" or "ETag") && property.CanRead && property.GetIndexParameters().Length == 0
                && property.GetCustomAttribute<System.Runtime.Serialization.IgnoreDataMemberAttribute>() is null)
            {
                yield return (property.Name, property.GetValue(entity));
            }
        }
    }

    private static long? ValueBytes(object? value) => value switch
    {
        null => null,
        string text => 4 + 2L * text.Length,
        byte[] bytes => 4 + (long)bytes.Length,
        BinaryData data => 4 + (long)data.ToMemory().Length,
        bool => 1,
        int or float => 4,
        long or double or DateTime or DateTimeOffset => 8,
        Guid => 16,
        Enum => 4 + 2L * value.ToString()!.Length,
        _ => 4 + 2L * (value.ToString()?.Length ?? 0),
    };
}

/// <summary>An entity Azure Table Storage would refuse, caught before the write.</summary>
public sealed class TableLimitException(string message) : InvalidOperationException(message);
