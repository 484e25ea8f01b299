# Build and install digitcli: a self-contained binary (Swift runtime linked statically, models
# embedded), its man page and shell completions.
PREFIX ?= /usr/local
BINARY := .build-static/release/digitcli
# Which build: `digitcli --version` prints it beside the release number (Sources/digitcli/Version.swift).
COMMIT := $(shell git describe --always --dirty --abbrev=12 2>/dev/null)

.PHONY: build install uninstall deb test

build:
	swift build -c release --static-swift-stdlib --product digitcli --scratch-path .build-static \
		-Xcc '-DDIGITCLI_COMMIT="$(COMMIT)"' -Xcc -D_FORTIFY_SOURCE=2 -Xlinker -z -Xlinker now

# dist/digitcli_VERSION_ARCH.deb: the binary, man page, completions, copyright and changelog.
deb: build
	packaging/deb/build.sh $(BINARY) dist

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/digitcli
	install -m 644 man/digitcli.1 $(DESTDIR)$(PREFIX)/share/man/man1/digitcli.1
	$(BINARY) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/digitcli
	$(BINARY) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_digitcli
	$(BINARY) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/digitcli.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/digitcli $(DESTDIR)$(PREFIX)/share/man/man1/digitcli.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/digitcli $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_digitcli \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/digitcli.fish

test:
	swift test
