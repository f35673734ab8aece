package io.satellite.app;

import io.satellite.app.cli.ServerCommand;
import io.satellite.app.cli.SqlCommand;
import io.satellite.app.cli.UsageException;
import java.util.Arrays;

/** Entry point: {@code console | server | sql}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            usage();
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "sql" -> new SqlCommand(System.out, System.err, System.getenv()).run(rest);
                case "server" -> new ServerCommand(System.out, System.getenv()).run(rest);
                case "console" -> io.satellite.app.console.ConsoleLauncher.launch(rest);
                case "--smoke" -> new io.satellite.app.cli.SmokeCommand(System.out, System.getenv()).run(rest);
                case "--smoke-window" -> io.satellite.app.cli.FirstWindowProbe.run(rest);
                case "help", "--help", "-h" -> {
                    usage();
                    yield 0;
                }
                default -> {
                    System.err.println("unknown command '" + args[0] + "'");
                    usage();
                    yield 2;
                }
            };
        } catch (UsageException e) {
            System.err.println("satellite: " + e.getMessage());
            usage();
            return 2;
        } catch (Exception e) {
            System.err.println("satellite: " + e.getMessage());
            return 1;
        }
    }

    private static void usage() {
        System.err.println("usage:\n  satellite console [--data DIR]\n  " + ServerCommand.USAGE + "\n  "
                + SqlCommand.USAGE + "\n  satellite test");
    }
}
