package dev.jobregistry.application.port.in;

/**
 * The path cannot serve the request: malformed or relative ({@code bad_path}), a file where a
 * folder is needed ({@code not_a_folder}), a folder where a file is needed ({@code not_a_file}),
 * a file that is no archive the registry reads ({@code not_an_archive}), or an archive that cannot
 * be read ({@code unreadable_archive}).
 */
public final class UnusablePathException extends JobRegistryException {

    /**
     * @param code    one of the codes above
     * @param message what is wrong and what to do, naming the path
     */
    public UnusablePathException(String code, String message) {
        super(code, message);
    }
}
