package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.in.ArchiveEntry;
import dev.jobregistry.application.port.in.ArchiveListing;
import dev.jobregistry.application.port.in.FolderEntry;
import dev.jobregistry.application.port.in.FolderListing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Folder and archive listings on the wire, field by field: snake_case names, types as lower-case
 * words, times as epoch seconds with a fraction (as job times are).
 *
 * <pre>{@code
 * GET /api/files?path=~/Downloads
 * {"path": "/home/u/Downloads", "root": "/home/u", "parent": "/home/u", "roots": ["/home/u"], "truncated": false,
 *  "entries": [{"name": "a.zip", "path": "/home/u/Downloads/a.zip", "type": "file", "size": 1234,
 *               "mtime": 1733321234.5, "is_archive": true, "link_target": null}]}
 *
 * GET /api/archives/entries?path=~/Downloads/a.zip
 * {"path": "/home/u/Downloads/a.zip", "format": "zip", "size": 1234, "truncated": false,
 *  "entries": [{"path": "docs/readme.txt", "type": "file", "size": 1000, "packed_size": 420,
 *               "mtime": 1733321234.0, "unsafe": false}]}
 * }</pre>
 */
final class FileListingDto {

    private FileListingDto() {
    }

    /** A folder listing as envelope data, with the roots the pages start from. */
    static Envelope.Data folder(FolderListing listing, List<Path> roots) {
        return json -> {
            json.writeStartObject();
            json.writeStringField("path", listing.path().toString());
            json.writeStringField("root", listing.root().toString());
            json.writeStringField("parent", listing.parent() == null ? null : listing.parent().toString());
            json.writeArrayFieldStart("roots");
            for (Path root : roots) {
                json.writeString(root.toString());
            }
            json.writeEndArray();
            json.writeBooleanField("truncated", listing.truncated());
            json.writeArrayFieldStart("entries");
            for (FolderEntry entry : listing.entries()) {
                json.writeStartObject();
                json.writeStringField("name", entry.name());
                json.writeStringField("path", entry.path().toString());
                json.writeStringField("type", entry.type().wireName());
                json.writeNumberField("size", entry.size());
                json.writeFieldName("mtime");
                writeTime(json, entry.modified());
                json.writeBooleanField("is_archive", entry.archive());
                json.writeStringField("link_target", entry.linkTarget() == null ? null : entry.linkTarget().wireName());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        };
    }

    /** An archive listing as envelope data. */
    static Envelope.Data archive(ArchiveListing listing) {
        return json -> {
            json.writeStartObject();
            json.writeStringField("path", listing.path().toString());
            json.writeStringField("format", listing.format());
            json.writeNumberField("size", listing.size());
            json.writeBooleanField("truncated", listing.truncated());
            json.writeArrayFieldStart("entries");
            for (ArchiveEntry entry : listing.entries()) {
                json.writeStartObject();
                json.writeStringField("path", entry.path());
                json.writeStringField("type", entry.type().wireName());
                json.writeNumberField("size", entry.size());
                json.writeFieldName("packed_size");
                if (entry.packedSize() == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(entry.packedSize());
                }
                json.writeFieldName("mtime");
                writeTime(json, entry.modified());
                json.writeBooleanField("unsafe", entry.unsafe());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        };
    }

    private static void writeTime(com.fasterxml.jackson.core.JsonGenerator json, Instant time) throws IOException {
        if (time == null) {
            json.writeNull();
        } else {
            json.writeNumber(EpochSeconds.format(time));
        }
    }
}
