// Command orbitd serves a satellite catalog over HTTP.
//
// Usage:
//
//	orbitd -catalog testdata/satellites.json -addr :8080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.org/orbit"
	"example.org/orbit/internal/catalog"
)

var version = "dev" // set with -ldflags "-X main.version=..."

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "orbitd:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		addr      = flag.String("addr", envOr("ORBIT_ADDR", ":8080"), "listen address")
		catPath   = flag.String("catalog", envOr("ORBIT_CATALOG", "testdata/satellites.json"), "catalog JSON file")
		maxLimit  = flag.Int("max-limit", 100, "largest page size clients may ask for")
		jsonLogs  = flag.Bool("json-logs", false, "log in JSON instead of text")
		showVer   = flag.Bool("version", false, "print version and exit")
		drainWait = flag.Duration("shutdown-timeout", 10*time.Second, "time allowed for in-flight requests on shutdown")
	)
	flag.Parse()

	if *showVer {
		fmt.Println("orbitd", version)
		return nil
	}

	var handler slog.Handler = slog.NewTextHandler(os.Stderr, nil)
	if *jsonLogs {
		handler = slog.NewJSONHandler(os.Stderr, nil)
	}
	logger := slog.New(handler)

	cat, err := catalog.Load(*catPath)
	if err != nil {
		return err
	}
	logger.Info("catalog loaded", "path", *catPath, "satellites", cat.Len())

	srv := orbit.NewServer(cat, orbit.Config{MaxLimit: *maxLimit, Logger: logger}).HTTPServer(*addr)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	errCh := make(chan error, 1)
	go func() {
		logger.Info("listening", "addr", *addr, "version", version)
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errCh <- err
		}
		close(errCh)
	}()

	select {
	case err := <-errCh:
		return err
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", drainWait.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), *drainWait)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}
