using System.Security.Cryptography;
using BouncePortal.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Keeps uploaded files on disk, one folder per agency, each file named after its upload id.
/// </summary>
public sealed class UploadStorage(DataDirectory dataDirectory, IOptions<BouncePortalOptions> options)
{
    private const int CopyBufferBytes = 81_920;

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>Returns the path of an upload's stored file.</summary>
    public string GetPath(Guid tenantId, Guid uploadId) =>
        Path.Combine(dataDirectory.UploadsPath, tenantId.ToString("N"), uploadId.ToString("N") + ".upload");

    /// <summary>
    /// Streams <paramref name="source"/> to the upload's file in chunks, reporting the bytes
    /// written so far, and returns the size with the SHA-256 of the bytes as received. Throws
    /// <see cref="UploadTooLargeException"/> when the stream passes <see cref="MaxUploadBytes"/>,
    /// or <see cref="StorageQuotaExceededException"/> when it passes what is left of
    /// <paramref name="quota"/>, and deletes the partial file either way.
    /// </summary>
    public async Task<StoredFile> SaveAsync(
        Guid tenantId, Guid uploadId, Stream source, IProgress<long>? progress, CancellationToken cancellationToken, StorageUsage? quota = null)
    {
        var path = GetPath(tenantId, uploadId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var buffer = new byte[CopyBufferBytes];
        long written = 0;
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, useAsync: true);
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                written += read;
                if (written > MaxUploadBytes)
                {
                    throw new UploadTooLargeException(MaxUploadBytes);
                }

                if (quota is not null && written > quota.RemainingBytes)
                {
                    throw new StorageQuotaExceededException(quota, written);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                sha256.AppendData(buffer, 0, read);
                progress?.Report(written);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return new StoredFile(written, Convert.ToHexStringLower(sha256.GetHashAndReset()));
    }

    /// <summary>Opens an upload's stored file for reading.</summary>
    public FileStream OpenRead(Guid tenantId, Guid uploadId) =>
        new(GetPath(tenantId, uploadId), FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferBytes, FileOptions.SequentialScan);

    /// <summary>
    /// Deletes an upload's stored file if it exists. It checks first because File.Delete raises
    /// <see cref="DirectoryNotFoundException"/> when the agency's folder is missing, as on an
    /// instance that does not share the data folder.
    /// </summary>
    public void Delete(Guid tenantId, Guid uploadId)
    {
        var path = GetPath(tenantId, uploadId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Deletes the agency's folder with every stored file in it.</summary>
    public void DeleteAgency(Guid tenantId)
    {
        var folder = Path.Combine(dataDirectory.UploadsPath, tenantId.ToString("N"));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>
/// The size and content hash of a stored upload.
/// </summary>
/// <param name="SizeBytes">Bytes written.</param>
/// <param name="Sha256">The SHA-256 of the bytes as received, in lower-case hex.</param>
public sealed record StoredFile(long SizeBytes, string Sha256);

/// <summary>
/// Raised when an upload passes the configured size limit.
/// </summary>
public sealed class UploadTooLargeException(long maxBytes)
    : Exception($"The file is larger than the upload limit of {maxBytes / (1024 * 1024)} MB. Split it or compress it with gzip.")
{
    /// <summary>The limit in bytes.</summary>
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// Raised when an upload would take an agency past its storage quota.
/// </summary>
public sealed class StorageQuotaExceededException(StorageUsage usage, long fileBytes)
    : Exception(
        $"Your agency's storage quota is reached: {StorageUsage.Format(usage.UsedBytes)} of {StorageUsage.Format(usage.AllowedBytes)} are used, " +
        (fileBytes > 0 ? $"and this file needs at least {StorageUsage.Format(fileBytes)}. " : "so no file can be added. ") +
        "Delete old uploads on this page or ask the portal's operator for a larger quota.")
{
    /// <summary>The agency's storage when the upload was refused.</summary>
    public StorageUsage Usage { get; } = usage;
}

/// <summary>
/// Raised when an upload's stored file is not in the data folder, as when several portal
/// instances do not share that folder or someone removed the file.
/// </summary>
public sealed class StoredUploadMissingException(string fileName, Exception inner)
    : Exception($"The stored copy of {fileName} is missing, so the portal cannot read it. Delete this upload, then upload {fileName} again.", inner)
{
    /// <summary>The name the file was uploaded under.</summary>
    public string FileName { get; } = fileName;
}
