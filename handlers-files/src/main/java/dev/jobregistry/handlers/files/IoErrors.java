package dev.jobregistry.handlers.files;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns the JDK's terse file exceptions (whose message is often just a path) into a phrase a
 * person can act on: {@code "permission denied: /home/u/x"}.
 */
final class IoErrors {

    private IoErrors() {
    }

    /** What went wrong, in words, naming the file when the exception does. */
    static String describe(Throwable error) {
        if (error instanceof FileSystemException fs) {
            String file = fs.getFile();
            String what = switch (fs) {
                case AccessDeniedException e -> "permission denied";
                case NoSuchFileException e -> "no such file or folder";
                case FileAlreadyExistsException e -> "already exists";
                case DirectoryNotEmptyException e -> "the folder is not empty";
                case NotDirectoryException e -> "not a folder";
                default -> fs.getReason() != null ? lowerFirst(fs.getReason()) : fs.getClass().getSimpleName();
            };
            if (file == null) {
                return what;
            }
            return fs.getOtherFile() != null ? what + ": " + file + " -> " + fs.getOtherFile() : what + ": " + file;
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private static String lowerFirst(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }
}
