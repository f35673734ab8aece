package io.satellite.app.console;

/**
 * Where the window tests get a screen. openjfx-monocle 21.0.2 (headless) is compiled for
 * Java 21 and cannot load on Java 17; there the tests use the real GTK glass platform on an
 * X display, which {@code ./satellite test} provides with Xvfb. Without either, they skip.
 */
public final class WindowPlatform {
    public static final String REASON = "no screen for window tests: run them through ./satellite test (Xvfb),"
            + " or on Java 21+ where Monocle runs headless";

    private WindowPlatform() {
    }

    /** Chooses the platform (once, before the toolkit starts) and says whether there is one. */
    public static synchronized boolean usable() {
        if (monocleLoads()) {
            System.setProperty("testfx.robot", "glass");
            System.setProperty("testfx.headless", "true");
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
            return true;
        }
        String display = System.getenv("DISPLAY");
        if (display != null && !display.isBlank()) {
            System.setProperty("prism.order", "sw");
            return true;
        }
        return false;
    }

    private static boolean monocleLoads() {
        try {
            Class.forName("com.sun.glass.ui.monocle.MonoclePlatformFactory", false,
                    WindowPlatform.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
