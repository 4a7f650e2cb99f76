// STUB: replaced by the citizen's mobile pages (/h5).
export function CitizenApp() {
  return <div>建设中</div>;
}
