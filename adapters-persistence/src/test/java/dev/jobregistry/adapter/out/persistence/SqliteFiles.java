package dev.jobregistry.adapter.out.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Looks into an SQLite file the way a user's {@code sqlite3} shell would: a connection of its own. */
final class SqliteFiles {

    private SqliteFiles() {
    }

    /** The first column of every row {@code query} returns, as text. */
    static List<String> query(Path database, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** The one value {@code query} returns, as text. */
    static String queryOne(Path database, String query) throws SQLException {
        List<String> values = query(database, query);
        if (values.size() != 1) {
            throw new AssertionError("expected one row from " + query + ", got " + values);
        }
        return values.getFirst();
    }

    /** Runs {@code statements} in one connection, each on its own (the shell's way). */
    static void execute(Path database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
