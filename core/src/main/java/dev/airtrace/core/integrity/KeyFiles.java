package dev.airtrace.core.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes private key files: readable and writable by the owner only ({@code 0600}) from the moment
 * they exist, complete or absent after a crash, and never over an existing file (a key is made
 * once; replacing it would orphan everything it signed). Stateless.
 */
public final class KeyFiles {
  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /**
   * Creates {@code file} (and its missing parent folders) holding {@code content}, with {@link
   * #OWNER_ONLY} permissions where the file system has POSIX permissions.
   *
   * @throws FileAlreadyExistsException when {@code file} exists; it is left as it was
   * @throws IOException when it cannot be written
   */
  public static void createPrivate(Path file, String content) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = Files.createDirectories(target.getParent());
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp", attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
      }
      if (Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      try {
        // No REPLACE_EXISTING: two processes racing to create the key keep the first one's.
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
