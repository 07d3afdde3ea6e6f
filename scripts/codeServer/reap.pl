#!/usr/bin/perl
# reap.pl CMD ARGS...: runs CMD as a child and becomes a "child subreaper" (prctl PR_SET_CHILD_SUBREAPER), so
# every process CMD leaves behind (Chromium's zygotes and crashpad handler, language servers that setsid or
# double-fork) is re-parented to this process instead of PID 1 and reaped here. It exits only when no
# descendant is left, with CMD's exit status: when it has exited, the whole tree is gone, zombies included.
# SIGTERM/SIGINT/SIGHUP are forwarded to CMD. Used by test/integration/runOffline.mjs.
# perl-base is "Essential" in Debian, so this needs nothing installed.
use strict;
use warnings;
use POSIX ();

my $PR_SET_CHILD_SUBREAPER = 36;
my $nr = eval { require 'syscall.ph'; &SYS_prctl() };
if (!defined $nr) {
	my %prctl = (x86_64 => 157, aarch64 => 167, i686 => 172, armv7l => 172, ppc64le => 171, s390x => 172, riscv64 => 167);
	$nr = $prctl{(POSIX::uname())[4]};
}
if (!defined $nr || syscall($nr, $PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
	print STDERR "reap.pl: cannot become a child subreaper (" . ($! || 'unknown architecture') . "); orphans go to PID 1\n";
}

die "usage: reap.pl CMD ARGS...\n" unless @ARGV;
my $child = fork();
die "reap.pl: fork failed: $!\n" unless defined $child;
if ($child == 0) {
	exec { $ARGV[0] } @ARGV or do { print STDERR "reap.pl: cannot exec $ARGV[0]: $!\n"; POSIX::_exit(127) };
}
for my $sig (qw(TERM INT HUP)) {
	$SIG{$sig} = sub { kill $sig, $child if $child };
}
my $status;
while (1) {
	my $pid = wait();
	last if $pid == -1;    # ECHILD: no child or adopted orphan left
	if ($pid == $child) { $status = $?; $child = 0; }
}
exit(!defined $status ? 1 : ($status & 127) ? 128 + ($status & 127) : $status >> 8);
