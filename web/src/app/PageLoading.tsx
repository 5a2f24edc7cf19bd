/** What a lazily loaded page shows while its code arrives: inside the frame, so navigation stays usable. */
export function PageLoading({ inMain = true }: { inMain?: boolean }) {
  const message = (
    <p className="lq-muted" role="status">
      Loading the page…
    </p>
  );
  return inMain ? <main className="lq-main">{message}</main> : message;
}
