package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"storybot/store"
)

func TestCheckReadsUntilClosed(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err != nil {
		t.Errorf("Check on an open store: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err == nil {
		t.Errorf("Check on a closed store returned nil")
	}
}
