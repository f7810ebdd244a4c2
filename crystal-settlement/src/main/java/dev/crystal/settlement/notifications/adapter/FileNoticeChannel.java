package dev.crystal.settlement.notifications.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.application.NoticeChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each notice as one JSON line to a file. Used by the notifications worker's thread only. */
public final class FileNoticeChannel implements NoticeChannel {
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    public FileNoticeChannel(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public void deliver(Notice notice) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json.writeValueAsString(notice) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
