package it;

/** A Java module beside the app. */
public final class Lib {}
