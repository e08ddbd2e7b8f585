// Placeholder until the chat UI lands: proves the build and the relay's static serving.
export function App() {
  return (
    <main>
      <h1>Parley</h1>
      <p>Chat for your organization.</p>
    </main>
  )
}
